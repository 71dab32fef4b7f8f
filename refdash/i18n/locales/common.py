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
              "Remove it or start empty on the Data page, then import your own.",
        "fr": "Données de démonstration : un portefeuille généré de {clients} clients. "
              "Retirez-les ou repartez de zéro (page Données), puis importez les vôtres.",
        "it": "Dati dimostrativi: un portafoglio generato di {clients} clienti. "
              "Rimuovili o riparti da zero (pagina Dati), poi importa i tuoi.",
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
    # --- issue 11: clients without evidence, and a clean start
    "evidence.none.one": {
        "en": "{count} of {total} active clients has no evidence yet: no promise kept or "
              "broken, no satisfaction score, no complaint. Trust stays at the neutral 0.50 "
              "until there is some, so this client cannot become ready. On the Data page, "
              "import their CRM's activities export (tasks, calls and meetings, won deals, "
              "tickets, NPS or CSAT surveys from HubSpot, Salesforce, Pipedrive, Zoho...) "
              "as CRM activities, or log what happened with them.",
        "fr": "{count} client actif sur {total} n'a encore aucun élément : aucune promesse "
              "tenue ou non tenue, aucune note de satisfaction, aucune réclamation. La "
              "confiance reste à 0,50 (neutre) tant qu'il n'y en a pas : ce client ne peut "
              "pas devenir prêt. Page Données, importez l'export des activités de son CRM "
              "(tâches, appels et rendez-vous, affaires gagnées, tickets, enquêtes NPS ou "
              "CSAT de HubSpot, Salesforce, Pipedrive, Zoho...) comme activités du CRM, ou "
              "notez ce qui s'est passé avec lui.",
        "it": "{count} cliente attivo su {total} non ha ancora nessun elemento: nessuna "
              "promessa mantenuta o non mantenuta, nessun voto di soddisfazione, nessun "
              "reclamo. La fiducia resta a 0,50 (neutra) finché non ce ne sono: questo "
              "cliente non può diventare pronto. Nella pagina Dati importa l'export delle "
              "attività del suo CRM (compiti, chiamate e incontri, trattative vinte, ticket, "
              "sondaggi NPS o CSAT di HubSpot, Salesforce, Pipedrive, Zoho...) come attività "
              "del CRM, oppure registra cosa è successo con lui.",
    },
    "evidence.none.other": {
        "en": "{count} of {total} active clients have no evidence yet: no promise kept or "
              "broken, no satisfaction score, no complaint. Their trust stays at the neutral "
              "0.50 until there is some, so they cannot become ready. On the Data page, "
              "import their CRM's activities export (tasks, calls and meetings, won deals, "
              "tickets, NPS or CSAT surveys from HubSpot, Salesforce, Pipedrive, Zoho...) "
              "as CRM activities, or log what happened with them.",
        "fr": "{count} clients actifs sur {total} n'ont encore aucun élément : aucune "
              "promesse tenue ou non tenue, aucune note de satisfaction, aucune réclamation. "
              "Leur confiance reste à 0,50 (neutre) tant qu'il n'y en a pas : ils ne peuvent "
              "pas devenir prêts. Page Données, importez l'export des activités de leur CRM "
              "(tâches, appels et rendez-vous, affaires gagnées, tickets, enquêtes NPS ou "
              "CSAT de HubSpot, Salesforce, Pipedrive, Zoho...) comme activités du CRM, ou "
              "notez ce qui s'est passé avec eux.",
        "it": "{count} clienti attivi su {total} non hanno ancora nessun elemento: nessuna "
              "promessa mantenuta o non mantenuta, nessun voto di soddisfazione, nessun "
              "reclamo. La loro fiducia resta a 0,50 (neutra) finché non ce ne sono: non "
              "possono diventare pronti. Nella pagina Dati importa l'export delle attività "
              "del loro CRM (compiti, chiamate e incontri, trattative vinte, ticket, sondaggi "
              "NPS o CSAT di HubSpot, Salesforce, Pipedrive, Zoho...) come attività del CRM, "
              "oppure registra cosa è successo con loro.",
    },
    "evidence.none.client": {
        "en": "No evidence yet for this client (no promise kept or broken, no satisfaction "
              "score, no complaint): trust stays at 0.50. Import their CRM's activities on "
              "the Data page, or log what happened.",
        "fr": "Aucun élément pour ce client (aucune promesse tenue ou non tenue, aucune note "
              "de satisfaction, aucune réclamation) : la confiance reste à 0,50. Importez "
              "les activités de son CRM (page Données) ou notez ce qui s'est passé.",
        "it": "Nessun elemento per questo cliente (nessuna promessa mantenuta o non "
              "mantenuta, nessun voto di soddisfazione, nessun reclamo): la fiducia resta a "
              "0,50. Importa le attività del suo CRM (pagina Dati) o registra cosa è successo.",
    },
    "evidence.go_data": {"en": "Import activities", "fr": "Importer des activités",
                         "it": "Importa attività"},
    "cleanup.title": {"en": "Start clean", "fr": "Repartir de zéro", "it": "Ripartire da zero"},
    "cleanup.title_demo": {
        "en": "Start clean: remove the {count} demo clients, or start an empty store",
        "fr": "Repartir de zéro : retirer les {count} clients de démonstration, ou une base vide",
        "it": "Ripartire da zero: rimuovi i {count} clienti dimostrativi, o un archivio vuoto",
    },
    "cleanup.demo_intro": {
        "en": "This store holds {demo} generated demo clients and {own} of yours. Removing "
              "the demo clients keeps yours (and everything you imported or logged).",
        "fr": "Cette base contient {demo} clients de démonstration générés et {own} des "
              "vôtres. Retirer les clients de démonstration garde les vôtres (et tout ce que "
              "vous avez importé ou noté).",
        "it": "Questo archivio contiene {demo} clienti dimostrativi generati e {own} tuoi. "
              "Rimuovere i clienti dimostrativi conserva i tuoi (e tutto ciò che hai "
              "importato o registrato).",
    },
    "cleanup.empty_intro": {
        "en": "Starting an empty store removes every client, event and referral; saved "
              "import mappings stay. A backup is made first, in {folder}.",
        "fr": "Repartir d'une base vide retire tous les clients, événements et "
              "recommandations ; les correspondances d'import enregistrées restent. Une "
              "sauvegarde est faite d'abord, dans {folder}.",
        "it": "Ripartire da un archivio vuoto rimuove tutti i clienti, eventi e referral; "
              "le mappature di importazione salvate restano. Prima viene fatto un backup, "
              "in {folder}.",
    },
    "cleanup.confirm_demo": {
        "en": "Yes, remove the {count} demo clients (a backup is made first)",
        "fr": "Oui, retirer les {count} clients de démonstration (une sauvegarde est faite "
              "d'abord)",
        "it": "Sì, rimuovi i {count} clienti dimostrativi (prima viene fatto un backup)",
    },
    "cleanup.confirm_empty": {
        "en": "Yes, remove all {count} clients and their history (a backup is made first)",
        "fr": "Oui, retirer les {count} clients et leur historique (une sauvegarde est faite "
              "d'abord)",
        "it": "Sì, rimuovi tutti i {count} clienti e la loro storia (prima viene fatto un "
              "backup)",
    },
    "cleanup.remove_demo": {"en": "Remove the demo clients",
                            "fr": "Retirer les clients de démonstration",
                            "it": "Rimuovi i clienti dimostrativi"},
    "cleanup.start_empty": {"en": "Start an empty store", "fr": "Repartir d'une base vide",
                            "it": "Ripartire da un archivio vuoto"},
    "cleanup.done": {
        "en": "Removed {clients} clients, {events} events and {referrals} referrals. "
              "Backup: {backup}. Now import your clients, then their CRM's activities.",
        "fr": "{clients} clients, {events} événements et {referrals} recommandations "
              "retirés. Sauvegarde : {backup}. Importez maintenant vos clients, puis les "
              "activités de leur CRM.",
        "it": "Rimossi {clients} clienti, {events} eventi e {referrals} referral. "
              "Backup: {backup}. Ora importa i tuoi clienti, poi le attività del loro CRM.",
    },
    "cleanup.nothing": {
        "en": "Nothing to remove: the store is already as asked.",
        "fr": "Rien à retirer : la base est déjà ainsi.",
        "it": "Niente da rimuovere: l'archivio è già così.",
    },
    "cleanup.failed": {
        "en": "Nothing was removed: {error}",
        "fr": "Rien n'a été retiré : {error}",
        "it": "Non è stato rimosso nulla: {error}",
    },
}
