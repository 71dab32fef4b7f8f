"""Strings of the Portfolio (home) page."""

STRINGS: dict[str, dict[str, str]] = {
    "portfolio.title": {"en": "Portfolio", "fr": "Portefeuille", "it": "Portafoglio"},
    "portfolio.intro": {
        "en": "Your clients and the referrals they bring. Deltas compare the last 12 months "
              "with the 12 months before.",
        "fr": "Vos clients et les recommandations qu'ils apportent. Les écarts comparent les "
              "12 derniers mois aux 12 mois précédents.",
        "it": "I tuoi clienti e i referral che portano. Le variazioni confrontano gli ultimi "
              "12 mesi con i 12 mesi precedenti.",
    },
    "portfolio.kpi.active_clients": {"en": "Active clients", "fr": "Clients actifs",
                                     "it": "Clienti attivi"},
    "portfolio.kpi.active_clients.help": {
        "en": "Clients started and not lost today; delta: change over 12 months.",
        "fr": "Clients en cours aujourd'hui (signés, non perdus) ; écart : évolution sur 12 mois.",
        "it": "Clienti in portafoglio oggi (acquisiti e non persi); variazione: cambiamento in 12 mesi.",
    },
    "portfolio.kpi.referrals_solicited": {
        "en": "Asked referrals (12 mo.)", "fr": "Recommandations sollicitées (12 mois)",
        "it": "Referral su richiesta (12 mesi)",
    },
    "portfolio.kpi.referrals_solicited.help": {
        "en": "Referrals that followed an ask, in the last 12 months.",
        "fr": "Recommandations qui ont suivi une demande, sur les 12 derniers mois.",
        "it": "Referral arrivati dopo una richiesta, negli ultimi 12 mesi.",
    },
    "portfolio.kpi.referrals_unsolicited": {
        "en": "Unasked referrals (12 mo.)", "fr": "Recommandations spontanées (12 mois)",
        "it": "Referral spontanei (12 mesi)",
    },
    "portfolio.kpi.referrals_unsolicited.help": {
        "en": "Referrals clients gave without being asked, in the last 12 months.",
        "fr": "Recommandations données sans demande, sur les 12 derniers mois.",
        "it": "Referral dati senza richiesta, negli ultimi 12 mesi.",
    },
    "portfolio.kpi.conversion_rate": {"en": "Referral conversion",
                                      "fr": "Conversion des recommandations",
                                      "it": "Conversione dei referral"},
    "portfolio.kpi.conversion_rate.help": {
        "en": "Share of the last 12 months' referrals that became clients, among those "
              "already decided (open ones left out). Delta in percentage points.",
        "fr": "Part des recommandations des 12 derniers mois devenues clientes, parmi celles "
              "déjà tranchées (les ouvertes sont exclues). Écart en points.",
        "it": "Quota dei referral degli ultimi 12 mesi diventati clienti, tra quelli già "
              "decisi (esclusi quelli aperti). Variazione in punti percentuali.",
    },
    "portfolio.kpi.asks": {"en": "Asks (12 mo.)", "fr": "Demandes (12 mois)",
                           "it": "Richieste (12 mesi)"},
    "portfolio.kpi.asks.help": {
        "en": "Referral asks made in the last 12 months.",
        "fr": "Demandes de recommandation faites sur les 12 derniers mois.",
        "it": "Richieste di referral fatte negli ultimi 12 mesi.",
    },
    "portfolio.chart.new_clients": {
        "en": "New clients per month, by source", "fr": "Nouveaux clients par mois, par origine",
        "it": "Nuovi clienti al mese, per origine",
    },
    "portfolio.source.referral": {"en": "Referral", "fr": "Recommandation", "it": "Referral"},
    "portfolio.source.other": {"en": "Other", "fr": "Autre", "it": "Altro"},
    "portfolio.axis.new_clients": {"en": "New clients", "fr": "Nouveaux clients",
                                   "it": "Nuovi clienti"},
    "portfolio.source": {"en": "Source", "fr": "Origine", "it": "Origine"},
    "portfolio.referred_share": {
        "en": "{share} of all clients came by referral.",
        "fr": "{share} de tous les clients sont venus par recommandation.",
        "it": "{share} di tutti i clienti sono arrivati tramite referral.",
    },
    # --- what early asks cost (issue 12, item 5): a figure, not a change
    "portfolio.early.label": {"en": "What early asks cost", "fr": "Ce que coûtent les demandes trop tôt",
                              "it": "Quanto costano le richieste premature"},
    "portfolio.early.value": {"en": "{lost} clients lost", "fr": "{lost} clients perdus",
                              "it": "{lost} clienti persi"},
    "portfolio.early.note": {"en": "{referrals} referrals forgone",
                             "fr": "{referrals} recommandations manquées",
                             "it": "{referrals} referral mancati"},
    "portfolio.early.sentence": {
        "en": "Early asks cost your team {lost} clients lost ({lost_low} to {lost_high}) and "
              "{referrals} referrals ({referrals_low} to {referrals_high}) compared with asks "
              "made when ready: {early} clients first asked too early against {timely} first "
              "asked when ready, from this store's own history (90 % intervals).",
        "fr": "Les demandes trop tôt ont coûté à votre équipe {lost} clients perdus ({lost_low} "
              "à {lost_high}) et {referrals} recommandations ({referrals_low} à "
              "{referrals_high}) par rapport aux demandes faites au bon moment : {early} clients "
              "sollicités trop tôt la première fois contre {timely} au bon moment, d'après "
              "l'historique de cette base (intervalles à 90 %).",
        "it": "Le richieste premature sono costate al vostro team {lost} clienti persi "
              "({lost_low}–{lost_high}) e {referrals} referral ({referrals_low}–"
              "{referrals_high}) rispetto alle richieste fatte al momento giusto: {early} "
              "clienti sollecitati troppo presto la prima volta contro {timely} al momento "
              "giusto, dallo storico di questo archivio (intervalli al 90 %).",
    },
    "portfolio.early.none": {
        "en": "Not enough asks yet to compare early asks with asks made when ready.",
        "fr": "Pas encore assez de demandes pour comparer les demandes trop tôt aux autres.",
        "it": "Non ci sono ancora abbastanza richieste per confrontare quelle premature con "
              "le altre.",
    },
    # --- the worklist on the page
    "portfolio.worklist.ask_count": {"en": "How many asks", "fr": "Nombre de demandes",
                                     "it": "Quante richieste"},
    "portfolio.worklist.ask_count.help": {
        "en": "How many clients to list for an ask this week (default 7).",
        "fr": "Combien de clients proposer pour une demande cette semaine (7 par défaut).",
        "it": "Quanti clienti proporre per una richiesta questa settimana (7 di default).",
    },
    "portfolio.worklist.team": {"en": "team", "fr": "l'équipe", "it": "team"},
    "portfolio.worklist.referred": {"en": "Referred…", "fr": "A recommandé…",
                                    "it": "Ha segnalato…"},
    "portfolio.worklist.save": {"en": "Record the referral", "fr": "Enregistrer la recommandation",
                                "it": "Registra il referral"},
    "portfolio.worklist.recorded": {"en": "Recorded: {outcome}", "fr": "Enregistré : {outcome}",
                                    "it": "Registrato: {outcome}"},
    "portfolio.worklist.undo": {"en": "Undo “{outcome}”", "fr": "Annuler « {outcome} »",
                                "it": "Annulla «{outcome}»"},
    "portfolio.worklist.undone": {"en": "Undone.", "fr": "Annulé.", "it": "Annullato."},
    "portfolio.worklist.downloads": {"en": "Take the list with you",
                                     "fr": "Emporter la liste", "it": "Porta con te la lista"},
    "portfolio.worklist.json": {"en": "JSON", "fr": "JSON", "it": "JSON"},
    "portfolio.worklist.html": {"en": "E-mail (HTML)", "fr": "E-mail (HTML)",
                                "it": "E-mail (HTML)"},
    "portfolio.worklist.ics": {"en": "Calendar (ICS)", "fr": "Agenda (ICS)",
                               "it": "Calendario (ICS)"},
    "portfolio.figures.heading": {"en": "The figures", "fr": "Les chiffres", "it": "I numeri"},
}
