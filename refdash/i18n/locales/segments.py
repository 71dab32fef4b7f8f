"""Strings of the Segments page and its charts (segment names are in common.py)."""

STRINGS: dict[str, dict[str, str]] = {
    "segments.title": {"en": "Segments", "fr": "Segments", "it": "Segmenti"},
    "segments.intro": {
        "en": "The 20-60-20 rule says 20 % of clients always refer you, 60 % only when asked and "
              "20 % never. Which of your clients is which, how sure is that, and does your "
              "portfolio follow the rule? Estimated from the referrals each client made, asked "
              "or not, and from the asks made when they were ready.",
        "fr": "La règle du 20-60-20 dit que 20 % des clients vous recommandent toujours, 60 % "
              "seulement si vous le demandez et 20 % jamais. Qui est quoi parmi vos clients, "
              "avec quelle certitude, et votre portefeuille suit-il la règle ? Estimé "
              "à partir des recommandations de chaque client, sollicitées ou non, et des "
              "demandes faites au bon moment.",
        "it": "La regola 20-60-20 dice che il 20 % dei clienti ti segnala sempre, il 60 % solo "
              "se glielo chiedi e il 20 % mai. Chi è chi tra i tuoi clienti, con quale "
              "certezza, e il tuo portafoglio segue la regola? Stimato dai referral di ogni "
              "cliente, richiesti o no, e dalle richieste fatte al momento giusto.",
    },
    "segments.computing": {
        "en": "Estimating the segments…", "fr": "Estimation des segments…",
        "it": "Stima dei segmenti…",
    },
    "segments.shares.header": {
        "en": "Your portfolio against the 20-60-20 rule",
        "fr": "Votre portefeuille face à la règle du 20-60-20",
        "it": "Il tuo portafoglio rispetto alla regola 20-60-20",
    },
    "segments.metric.share": {"en": "{segment}", "fr": "{segment}", "it": "{segment}"},
    "segments.metric.vs_rule": {
        "en": "{points} pt vs rule ({rule})", "fr": "{points} pt vs règle ({rule})",
        "it": "{points} pt vs regola ({rule})",
    },
    "segments.metric.share_help": {
        "en": "Share estimated from your clients' history; {level} interval: {low} to {high}.",
        "fr": "Part estimée d'après l'historique de vos clients ; intervalle à {level} : "
              "{low} à {high}.",
        "it": "Quota stimata dalla storia dei tuoi clienti; intervallo al {level}: da {low} "
              "a {high}.",
    },
    "segments.metric.intervals": {
        "en": "{level} intervals: advocates {advocate}, responsive {responsive}, never {never}.",
        "fr": "Intervalles à {level} : ambassadeurs {advocate}, réceptifs {responsive}, jamais "
              "{never}.",
        "it": "Intervalli al {level}: ambasciatori {advocate}, ricettivi {responsive}, mai "
              "{never}.",
    },
    "segments.interval": {"en": "{low} to {high}", "fr": "{low} à {high}",
                          "it": "da {low} a {high}"},
    "segments.metric.unknown": {
        "en": "Not placed yet", "fr": "Pas encore classés", "it": "Non ancora classificati",
    },
    "segments.metric.unknown_help": {
        "en": "Clients never asked and who never referred, or whose most likely segment is "
              "below 70 %: too little evidence. They are not counted in the 60 %: ask them "
              "once they are ready to learn more.",
        "fr": "Clients jamais sollicités et qui n'ont jamais recommandé, ou dont le segment le "
              "plus probable reste sous 70 % : trop peu d'indices. Ils ne sont pas comptés "
              "dans les 60 % : faites-leur une demande au bon moment pour en savoir plus.",
        "it": "Clienti mai sollecitati e che non hanno mai segnalato, o il cui segmento più "
              "probabile resta sotto il 70 %: troppo pochi indizi. Non sono contati nel 60 %: "
              "chiedi al momento giusto per saperne di più.",
    },
    "segments.shares.caption": {
        "en": "Shares estimated from the {informative} of {clients} clients with some "
              "history (the others do not move the estimate); bars show the likely range ({level}). "
              "Hatched: the rule.",
        "fr": "Parts estimées à partir des {informative} clients sur {clients} qui ont "
              "un historique (les autres ne changent pas l'estimation) ; les barres montrent "
              "la fourchette probable ({level}). Hachuré : la règle.",
        "it": "Quote stimate dai {informative} clienti su {clients} con una storia "
              "(gli altri non cambiano la stima); le barre mostrano l'intervallo probabile ({level}). "
              "Tratteggiato: la regola.",
    },
    "segments.not_converged": {
        "en": "The estimate did not settle within the iteration limit: read the shares with care.",
        "fr": "L'estimation ne s'est pas stabilisée dans la limite d'itérations : lisez les "
              "parts avec prudence.",
        "it": "La stima non si è stabilizzata entro il limite di iterazioni: leggi le quote "
              "con cautela.",
    },
    "segments.rule": {"en": "Rule 20-60-20", "fr": "Règle 20-60-20", "it": "Regola 20-60-20"},
    "segments.all_clients": {"en": "All clients", "fr": "Tous les clients",
                             "it": "Tutti i clienti"},
    "segments.chart.shares": {
        "en": "Segment shares: estimate and interval, beside the rule",
        "fr": "Parts des segments : estimation et intervalle, à côté de la règle",
        "it": "Quote dei segmenti: stima e intervallo, accanto alla regola",
    },
    "segments.axis.group": {"en": "Clients", "fr": "Clients", "it": "Clienti"},
    "segments.axis.share": {"en": "Share of clients (%)", "fr": "Part des clients (%)",
                            "it": "Quota di clienti (%)"},
    "segments.axis.segment": {"en": "Segment", "fr": "Segment", "it": "Segmento"},
    "segments.hover.rule": {
        "en": "{segment}, the rule: {share}", "fr": "{segment}, la règle : {share}",
        "it": "{segment}, la regola: {share}",
    },
    "segments.hover.share": {
        "en": "{segment} · {group}: {share} ({low} to {high}) · {clients} clients",
        "fr": "{segment} · {group} : {share} ({low} à {high}) · {clients} clients",
        "it": "{segment} · {group}: {share} (da {low} a {high}) · {clients} clienti",
    },
    "segments.ternary.header": {
        "en": "Each client's probabilities", "fr": "Les probabilités de chaque client",
        "it": "Le probabilità di ogni cliente",
    },
    "segments.chart.ternary": {
        "en": "Probability of each segment, per client",
        "fr": "Probabilité de chaque segment, par client",
        "it": "Probabilità di ogni segmento, per cliente",
    },
    "segments.axis.p_advocate": {"en": "Advocate (%)", "fr": "Ambassadeur (%)",
                                 "it": "Ambasciatore (%)"},
    "segments.axis.p_responsive": {"en": "Responsive (%)", "fr": "Réceptif (%)",
                                   "it": "Ricettivo (%)"},
    "segments.axis.p_never": {"en": "Never (%)", "fr": "Jamais (%)", "it": "Mai (%)"},
    "segments.hover.most_likely": {
        "en": "Most likely: {segment}", "fr": "Le plus probable : {segment}",
        "it": "Più probabile: {segment}",
    },
    "segments.hover.probabilities": {
        "en": "Advocate {advocate} · responsive {responsive} · never {never}",
        "fr": "Ambassadeur {advocate} · réceptif {responsive} · jamais {never}",
        "it": "Ambasciatore {advocate} · ricettivo {responsive} · mai {never}",
    },
    "segments.hover.evidence": {
        "en": "{months} months to refer · {unsolicited} unasked referrals<br>asks answered: "
              "when ready {success}/{asks}, early {early_success}/{early}, "
              "too new {new_success}/{new}",
        "fr": "{months} mois pour recommander · {unsolicited} recommandations spontanées<br>"
              "demandes suivies d'effet : au bon moment {success}/{asks}, trop tôt "
              "{early_success}/{early}, juste après la vente {new_success}/{new}",
        "it": "{months} mesi per segnalare · {unsolicited} referral spontanei<br>richieste "
              "andate a buon fine: al momento giusto {success}/{asks}, troppo presto "
              "{early_success}/{early}, subito dopo la vendita {new_success}/{new}",
    },
    "segments.ternary.caption": {
        "en": "Each dot is a client ({shown} of {total} drawn): the closer to a corner, the surer "
              "the segment. Pink: too little evidence to place the client yet.",
        "fr": "Chaque point est un client ({shown} sur {total} affichés) : plus il est proche "
              "d'un coin, plus le segment est sûr. Rose : trop peu d'indices pour classer le "
              "client.",
        "it": "Ogni punto è un cliente ({shown} di {total} mostrati): più è vicino a un angolo, "
              "più il segmento è sicuro. Rosa: troppo pochi indizi per classificare il "
              "cliente.",
    },
    "segments.lists.header": {
        "en": "Who is who, and what to do", "fr": "Qui est qui, et que faire",
        "it": "Chi è chi, e cosa fare",
    },
    "segments.lists.caption": {
        "en": "Active clients by segment, most certain first. Lost clients count in the shares "
              "but are not listed.",
        "fr": "Clients actifs par segment, les plus sûrs d'abord. Les clients perdus comptent "
              "dans les parts mais ne sont pas listés.",
        "it": "Clienti attivi per segmento, i più sicuri prima. I clienti persi contano nelle "
              "quote ma non sono elencati.",
    },
    "segments.tab": {"en": "{segment} ({count})", "fr": "{segment} ({count})",
                     "it": "{segment} ({count})"},
    "segments.lists.truncated": {
        "en": "The {shown} most certain of {total} clients; the CSV has them all.",
        "fr": "Les {shown} plus sûrs sur {total} clients ; le CSV les contient tous.",
        "it": "I {shown} più sicuri su {total} clienti; il CSV li contiene tutti.",
    },
    "segments.lists.empty": {
        "en": "No active client in this segment.", "fr": "Aucun client actif dans ce segment.",
        "it": "Nessun cliente attivo in questo segmento.",
    },
    "segments.action.advocate": {
        "en": "Thank them and keep them informed; never pester. They refer you unasked: "
              "asking adds pressure, not referrals.",
        "fr": "Remerciez-les et tenez-les informés ; ne les harcelez jamais. Ils vous "
              "recommandent sans qu'on le leur demande : insister ajoute de la pression, pas "
              "des recommandations.",
        "it": "Ringraziali e tienili informati; non assillarli mai. Ti segnalano senza "
              "che tu lo chieda: insistere aggiunge pressione, non referral.",
    },
    "segments.action.responsive": {
        "en": "Ask when they are ready, following the trust threshold. They refer when asked, "
              "but an early ask burns trust.",
        "fr": "Demandez au bon moment, quand le seuil de confiance est atteint. Ils "
              "recommandent si on le leur demande, mais une demande prématurée entame la confiance.",
        "it": "Chiedi al momento giusto, quando la soglia di fiducia è raggiunta. Segnalano se "
              "glielo chiedi, ma una richiesta prematura incrina la fiducia.",
    },
    "segments.action.never": {
        "en": "Don't ask; serve them well. They will not refer, but their loyalty still "
              "counts.",
        "fr": "Ne demandez pas ; servez-les bien. Ils ne recommanderont pas, mais leur "
              "fidélité compte toujours.",
        "it": "Non chiedere; servili bene. Non segnaleranno, ma la loro fedeltà conta "
              "comunque.",
    },
    "segments.action.unknown": {
        "en": "Not enough evidence yet. Build the relationship; once the trust threshold is "
              "reached, one ask will tell a lot.",
        "fr": "Pas encore assez d'indices. Construisez la relation ; quand le seuil de "
              "confiance sera atteint, une demande en dira beaucoup.",
        "it": "Non ci sono ancora abbastanza indizi. Costruisci la relazione; quando la "
              "soglia di fiducia sarà raggiunta, una richiesta dirà molto.",
    },
    "segments.col.name": {"en": "Client", "fr": "Client", "it": "Cliente"},
    "segments.col.company": {"en": "Company", "fr": "Entreprise", "it": "Azienda"},
    "segments.col.owner": {"en": "Sales lead", "fr": "Commercial", "it": "Commerciale"},
    "segments.col.probability": {"en": "Probability (%)", "fr": "Probabilité (%)",
                                 "it": "Probabilità (%)"},
    "segments.col.ready": {"en": "Ready to ask", "fr": "Demande possible",
                           "it": "Richiesta possibile"},
    "segments.col.not_ready": {"en": "Why not yet → likely ready",
                               "fr": "Pourquoi pas encore → demande possible vers",
                               "it": "Perché non ancora → richiesta possibile verso"},
    "segments.col.unsolicited": {"en": "Unasked referrals", "fr": "Recommandations spontanées",
                                 "it": "Referral spontanei"},
    "segments.col.asks": {"en": "Asks answered", "fr": "Demandes suivies d'effet",
                          "it": "Richieste andate a buon fine"},
    "segments.col.action": {"en": "What to do", "fr": "Que faire", "it": "Cosa fare"},
    "segments.reason.lost": {"en": "Lost", "fr": "Perdu", "it": "Perso"},
    "segments.reason.likely_never": {"en": "Likely never refers", "fr": "Ne recommandera "
                                     "sans doute jamais", "it": "Probabilmente non segnala mai"},
    "segments.reason.asked_recently": {"en": "Asked recently", "fr": "Demande récente",
                                       "it": "Richiesta recente"},
    "segments.reason.broken_promise": {"en": "Recent broken promise",
                                       "fr": "Promesse non tenue récemment",
                                       "it": "Promessa non mantenuta di recente"},
    "segments.reason.too_new": {"en": "Too new", "fr": "Relation trop récente",
                                "it": "Rapporto troppo recente"},
    "segments.reason.low_trust": {"en": "Trust too low", "fr": "Confiance trop basse",
                                  "it": "Fiducia troppo bassa"},
    "segments.network.header": {
        "en": "The referral network", "fr": "Le réseau de recommandations",
        "it": "La rete dei referral",
    },
    "segments.metric.referred_share": {
        "en": "Came by referral", "fr": "Venus par recommandation", "it": "Arrivati da referral",
    },
    "segments.metric.referred_share_help": {
        "en": "Share of the clients in view who were referred by another client.",
        "fr": "Part des clients affichés recommandés par un autre client.",
        "it": "Quota dei clienti in vista segnalati da un altro cliente.",
    },
    "segments.metric.generations": {
        "en": "Deepest generation", "fr": "Génération la plus profonde",
        "it": "Generazione più profonda",
    },
    "segments.metric.generations_help": {
        "en": "1: referred by a client who came another way; 2: referred by a generation-1 "
              "client; and so on.",
        "fr": "1 : recommandé par un client venu autrement ; 2 : recommandé par un client de "
              "génération 1 ; et ainsi de suite.",
        "it": "1: segnalato da un cliente arrivato in altro modo; 2: segnalato da un cliente "
              "di generazione 1; e così via.",
    },
    "segments.metric.largest_lineage": {
        "en": "Largest lineage", "fr": "Plus grande lignée", "it": "Discendenza più grande",
    },
    "segments.metric.largest_lineage_help": {
        "en": "Most clients brought by one client's referrals, all generations counted.",
        "fr": "Le plus de clients apportés par les recommandations d'un seul client, toutes "
              "générations comprises.",
        "it": "Il maggior numero di clienti portati dai referral di un solo cliente, tutte le "
              "generazioni comprese.",
    },
    "segments.chart.network": {
        "en": "Who referred whom: the largest lineages (generations left to right)",
        "fr": "Qui a recommandé qui : les plus grandes lignées (générations de gauche à droite)",
        "it": "Chi ha segnalato chi: le discendenze più grandi (generazioni da sinistra a "
              "destra)",
    },
    "segments.hover.node": {
        "en": "<b>{name}</b> · {owner}<br>{segment} · generation {generation}<br>"
              "referred directly: {children} · lineage: {descendants}",
        "fr": "<b>{name}</b> · {owner}<br>{segment} · génération {generation}<br>"
              "recommandations directes : {children} · lignée : {descendants}",
        "it": "<b>{name}</b> · {owner}<br>{segment} · generazione {generation}<br>"
              "segnalati direttamente: {children} · discendenza: {descendants}",
    },
    "segments.network.caption": {
        "en": "{shown} clients drawn, of the {total} in a referral chain. Click a box to zoom "
              "into its lineage; colours are segments.",
        "fr": "{shown} clients affichés, sur les {total} d'une chaîne de recommandations. "
              "Cliquez sur une case pour zoomer sur sa lignée ; les couleurs sont les segments.",
        "it": "{shown} clienti mostrati, dei {total} in una catena di referral. Clicca un "
              "riquadro per ingrandire la sua discendenza; i colori sono i segmenti.",
    },
    "segments.network.root": {"en": "Largest lineages", "fr": "Plus grandes lignées",
                               "it": "Discendenze più grandi"},
    "segments.network.empty": {
        "en": "No client in view was referred by another client in view yet.",
        "fr": "Aucun client affiché n'a encore été recommandé par un autre client affiché.",
        "it": "Nessun cliente in vista è stato ancora segnalato da un altro cliente in vista.",
    },
    "segments.network.repairs": {
        "en": "{outside} referrers are outside this view (their clients start a chain here); "
              "{cut} links were cut to break referral cycles in the data.",
        "fr": "{outside} prescripteurs sont hors de cette vue (leurs clients commencent une "
              "chaîne ici) ; {cut} liens ont été coupés pour rompre des cycles dans les données.",
        "it": "{outside} segnalatori sono fuori da questa vista (i loro clienti iniziano qui una "
              "catena); {cut} legami sono stati tagliati per rompere cicli nei dati.",
    },
    "segments.chart.generations": {
        "en": "Clients per referral generation", "fr": "Clients par génération de "
        "recommandation", "it": "Clienti per generazione di referral",
    },
    "segments.axis.generation": {
        "en": "Generation (0 = came another way)", "fr": "Génération (0 = venu autrement)",
        "it": "Generazione (0 = arrivato in altro modo)",
    },
    "segments.axis.clients": {"en": "Clients", "fr": "Clients", "it": "Clienti"},
    "segments.hover.generation": {
        "en": "Generation {generation}: {clients} clients",
        "fr": "Génération {generation} : {clients} clients",
        "it": "Generazione {generation}: {clients} clienti",
    },
    "segments.lineage.header": {
        "en": "**Lineages: whose referrals brought the most clients**",
        "fr": "**Lignées : les recommandations qui ont apporté le plus de clients**",
        "it": "**Discendenze: i referral che hanno portato più clienti**",
    },
    "segments.lineage.generation": {"en": "Generation", "fr": "Génération",
                                    "it": "Generazione"},
    "segments.lineage.children": {"en": "Referred directly", "fr": "Recommandations directes",
                                  "it": "Segnalati direttamente"},
    "segments.lineage.descendants": {"en": "Lineage (all generations)",
                                     "fr": "Lignée (toutes générations)",
                                     "it": "Discendenza (tutte le generazioni)"},
    "segments.lineage.depth": {"en": "Generations below", "fr": "Générations en dessous",
                               "it": "Generazioni sotto"},
    "segments.model.header": {
        "en": "How the segments are estimated", "fr": "Comment les segments sont estimés",
        "it": "Come sono stimati i segmenti",
    },
    "segments.model.text": {
        "en": "Each client belongs to one hidden segment. **Advocates** refer unasked, "
              "**responsive** clients refer when asked, **never**-referrers do not refer. "
              "The model weighs each client's evidence: unasked referrals over the months "
              "they could refer (after their first months), and asks followed by a referral "
              "within 60 days, separately for asks made when the client was ready, too early, "
              "or right after the sale (a failed early ask is weak evidence, not a refusal). "
              "The portfolio's shares and the rates below are estimated together (EM); a "
              "client who referred unasked is never a never-referrer. Details: docs/model.md.",
        "fr": "Chaque client appartient à un segment caché. Les **ambassadeurs** recommandent "
              "sans qu'on le leur demande, les **réceptifs** quand on le leur demande, les "
              "**jamais** ne recommandent pas. Le modèle pèse les indices de chaque client : "
              "recommandations spontanées sur les mois où il pouvait recommander (après ses "
              "premiers mois), et demandes suivies d'une recommandation sous 60 jours, "
              "séparément pour les demandes faites au bon moment, trop tôt ou juste "
              "après la vente (une demande trop tôt sans suite est un indice faible, pas un "
              "refus). Les parts du portefeuille et les taux ci-dessous sont estimés ensemble "
              "(EM) ; un client qui a recommandé spontanément n'est jamais un « jamais ». "
              "Détails : docs/model.md.",
        "it": "Ogni cliente appartiene a un segmento nascosto. Gli **ambasciatori** segnalano "
              "senza che glielo si chieda, i **ricettivi** quando glielo si chiede, i **mai** "
              "non segnalano. Il modello pesa gli indizi di ogni cliente: referral spontanei "
              "nei mesi in cui poteva segnalare (dopo i primi mesi) e richieste seguite da un "
              "referral entro 60 giorni, separatamente per le richieste fatte al momento "
              "giusto, troppo presto o subito dopo la vendita (una richiesta prematura senza "
              "esito è un indizio debole, non un rifiuto). Le quote del portafoglio e i tassi "
              "qui sotto sono stimati insieme (EM); un cliente che ha segnalato spontaneamente "
              "non è mai un «mai». Dettagli: docs/model.md.",
    },
    "segments.rates.unsolicited": {
        "en": "Unasked referrals per 12 months", "fr": "Recommandations spontanées par 12 mois",
        "it": "Referral spontanei ogni 12 mesi",
    },
    "segments.rates.ask_success": {
        "en": "Asks answered when ready (%)", "fr": "Demandes suivies d'effet, au bon moment (%)",
        "it": "Richieste andate a buon fine, al momento giusto (%)",
    },
    "segments.rates.early_ask_success": {
        "en": "Asks answered, too early (%)", "fr": "Demandes suivies d'effet, trop tôt (%)",
        "it": "Richieste andate a buon fine, troppo presto (%)",
    },
    "segments.rates.new_ask_success": {
        "en": "Asks answered, right after the sale (%)",
        "fr": "Demandes suivies d'effet, juste après la vente (%)",
        "it": "Richieste andate a buon fine, subito dopo la vendita (%)",
    },
}
