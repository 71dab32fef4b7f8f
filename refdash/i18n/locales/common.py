"""Strings shared by every page: navigation, sidebar, errors."""

STRINGS: dict[str, dict[str, str]] = {
    "app.title": {"en": "refdash", "fr": "refdash", "it": "refdash"},
    "app.tagline": {
        "en": "Referrals without burning relationships",
        "fr": "Des recommandations sans brûler vos relations",
        "it": "Referral senza bruciare le relazioni",
    },
    "nav.portfolio": {"en": "Portfolio", "fr": "Portefeuille", "it": "Portafoglio"},
    "nav.clients": {"en": "Clients", "fr": "Clients", "it": "Clienti"},
    "nav.segments": {"en": "Segments", "fr": "Segments", "it": "Segmenti"},
    "nav.simulator": {"en": "Simulator", "fr": "Simulateur", "it": "Simulatore"},
    "nav.data": {"en": "Data", "fr": "Données", "it": "Dati"},
    "common.language": {"en": "Language", "fr": "Langue", "it": "Lingua"},
    "common.language_help": {
        "en": "Language of the dashboard; numbers and dates follow it.",
        "fr": "Langue du tableau de bord ; les nombres et les dates la suivent.",
        "it": "Lingua della dashboard; numeri e date la seguono.",
    },
    "common.owners": {"en": "Sales leads", "fr": "Commerciaux", "it": "Commerciali"},
    "common.owners_help": {
        "en": "Show only the clients of these sales leads (empty: everyone). "
              "The choice is kept in the page address, so a link shares the view.",
        "fr": "N'afficher que les clients de ces commerciaux (vide : tout le monde). "
              "Le choix est gardé dans l'adresse de la page : un lien partage la vue.",
        "it": "Mostra solo i clienti di questi commerciali (vuoto: tutti). "
              "La scelta resta nell'indirizzo della pagina: un link condivide la vista.",
    },
    "common.all_owners": {"en": "All sales leads", "fr": "Tous les commerciaux",
                          "it": "Tutti i commerciali"},
    "common.demo_badge": {
        "en": "Demo data: a generated portfolio of {clients} clients. "
              "Import your own on the Data page or start with --db.",
        "fr": "Données de démonstration : un portefeuille généré de {clients} clients. "
              "Importez les vôtres (page Données) ou lancez avec --db.",
        "it": "Dati dimostrativi: un portafoglio generato di {clients} clienti. "
              "Importa i tuoi (pagina Dati) o avvia con --db.",
    },
    "common.store": {"en": "Store: {path}", "fr": "Base : {path}", "it": "Archivio: {path}"},
    "common.as_of": {"en": "As of {date}", "fr": "Au {date}", "it": "Al {date}"},
    "common.creating_demo": {
        "en": "No store yet: generating a demo portfolio…",
        "fr": "Pas encore de base : génération d'un portefeuille de démonstration…",
        "it": "Nessun archivio: generazione di un portafoglio dimostrativo…",
    },
    "common.store_error": {
        "en": "The client store cannot be opened: {error}",
        "fr": "Impossible d'ouvrir la base clients : {error}",
        "it": "Impossibile aprire l'archivio clienti: {error}",
    },
    "common.empty": {
        "en": "No clients in this view yet: import or add clients on the Data page, or widen "
              "the sales-lead filter in the sidebar.",
        "fr": "Aucun client dans cette vue pour l'instant : importez ou ajoutez des clients "
              "(page Données), ou élargissez le filtre des commerciaux dans la barre latérale.",
        "it": "Ancora nessun cliente in questa vista: importa o aggiungi clienti (pagina Dati), "
              "oppure allarga il filtro dei commerciali nella barra laterale.",
    },
    "common.download_csv": {"en": "Download CSV", "fr": "Télécharger en CSV",
                            "it": "Scarica CSV"},
    "common.month": {"en": "Month", "fr": "Mois", "it": "Mese"},
    "common.clients": {"en": "Clients", "fr": "Clients", "it": "Clienti"},
    "segment.advocate": {"en": "Advocate", "fr": "Ambassadeur", "it": "Ambasciatore"},
    "segment.responsive": {"en": "Responsive", "fr": "Réceptif", "it": "Ricettivo"},
    "segment.never": {"en": "Never", "fr": "Jamais", "it": "Mai"},
    "segment.unknown": {"en": "Unknown", "fr": "Inconnu", "it": "Sconosciuto"},
}
