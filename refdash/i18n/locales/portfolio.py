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
        "fr": "Clients démarrés et non perdus aujourd'hui ; écart : évolution sur 12 mois.",
        "it": "Clienti iniziati e non persi oggi; variazione: cambiamento in 12 mesi.",
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
}
