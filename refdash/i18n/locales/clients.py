"""Strings of the Clients page, the trust settings and the Portfolio page's trust lists."""

STRINGS: dict[str, dict[str, str]] = {
    "clients.title": {"en": "Clients", "fr": "Clients", "it": "Clienti"},
    "clients.intro": {
        "en": "Who is ready to be asked for a referral, who is not yet and when they likely "
              "will be, and which asks came too early. A referral is a process: clients need "
              "time to watch how you work and to see you keep your promises.",
        "fr": "Qui est prêt pour une demande de recommandation, qui ne l'est pas encore et "
              "quand il le sera sans doute, et quelles demandes sont venues trop tôt. Une "
              "recommandation est un processus : le client a besoin de temps pour voir comment "
              "vous travaillez et vérifier que vous tenez vos promesses.",
        "it": "Chi è pronto per una richiesta di referral, chi non lo è ancora e quando "
              "probabilmente lo sarà, e quali richieste sono arrivate troppo presto. Il referral "
              "è un processo: il cliente ha bisogno di tempo per vedere come lavori e verificare "
              "che mantieni le promesse.",
    },
    # ---- settings
    "clients.settings": {"en": "Trust model settings", "fr": "Réglages du modèle de confiance",
                         "it": "Impostazioni del modello di fiducia"},
    "clients.settings.intro": {
        "en": "Every page follows these settings. The defaults are those of the model "
              "document (docs/model.md).",
        "fr": "Toutes les pages suivent ces réglages. Les valeurs par défaut sont celles du "
              "document du modèle (docs/model.md).",
        "it": "Tutte le pagine seguono queste impostazioni. I valori predefiniti sono quelli "
              "del documento del modello (docs/model.md).",
    },
    "clients.settings.reset": {"en": "Back to the defaults", "fr": "Revenir aux valeurs par défaut",
                               "it": "Torna ai valori predefiniti"},
    "clients.setting.threshold": {"en": "Trust needed to ask", "fr": "Confiance requise pour demander",
                                  "it": "Fiducia necessaria per chiedere"},
    "clients.setting.threshold.help": {
        "en": "A client is ready only with trust at or above this (0 to 1). Default 0.70.",
        "fr": "Un client n'est prêt qu'avec une confiance au moins égale à ce seuil (0 à 1). "
              "Par défaut 0,70.",
        "it": "Un cliente è pronto solo con una fiducia almeno pari a questa soglia (da 0 a 1). "
              "Predefinito 0,70.",
    },
    "clients.setting.min_months_known": {"en": "Months known before any ask",
                                         "fr": "Mois de relation avant toute demande",
                                         "it": "Mesi di relazione prima di chiedere"},
    "clients.setting.min_months_known.help": {
        "en": "Time for the client to watch how you work. Default 6 months.",
        "fr": "Le temps pour le client de voir comment vous travaillez. Par défaut 6 mois.",
        "it": "Il tempo perché il cliente veda come lavori. Predefinito 6 mesi.",
    },
    "clients.setting.ask_cooloff_months": {"en": "Months between two asks",
                                           "fr": "Mois entre deux demandes",
                                           "it": "Mesi tra due richieste"},
    "clients.setting.ask_cooloff_months.help": {
        "en": "No ask within this many months of the previous one. Default 6.",
        "fr": "Pas de demande moins de ce nombre de mois après la précédente. Par défaut 6.",
        "it": "Nessuna richiesta entro questo numero di mesi dalla precedente. Predefinito 6.",
    },
    "clients.setting.broken_promise_months": {"en": "Months after a broken promise",
                                              "fr": "Mois après une promesse non tenue",
                                              "it": "Mesi dopo una promessa non mantenuta"},
    "clients.setting.broken_promise_months.help": {
        "en": "No ask within this many months of a broken promise. Default 3.",
        "fr": "Pas de demande moins de ce nombre de mois après une promesse non tenue. "
              "Par défaut 3.",
        "it": "Nessuna richiesta entro questo numero di mesi da una promessa non mantenuta. "
              "Predefinito 3.",
    },
    "clients.setting.familiarity_months": {"en": "Familiarity time (months)",
                                           "fr": "Temps de familiarité (mois)",
                                           "it": "Tempo di familiarità (mesi)"},
    "clients.setting.familiarity_months.help": {
        "en": "Familiarity = 1 − exp(−months known / this): 63% after this many months. "
              "Default 6.",
        "fr": "Familiarité = 1 − exp(−mois de relation / ce temps) : 63 % après ce nombre de "
              "mois. Par défaut 6.",
        "it": "Familiarità = 1 − exp(−mesi di relazione / questo tempo): 63% dopo questo "
              "numero di mesi. Predefinito 6.",
    },
    "clients.setting.weight_reliability": {"en": "Weight of reliability",
                                           "fr": "Poids de la fiabilité",
                                           "it": "Peso dell'affidabilità"},
    "clients.setting.weight_reliability.help": {
        "en": "Trust weighs promise keeping by this and satisfaction by the rest. Default 0.60.",
        "fr": "La confiance pondère les promesses tenues par ce poids et la satisfaction par "
              "le reste. Par défaut 0,60.",
        "it": "La fiducia pesa le promesse mantenute con questo peso e la soddisfazione con il "
              "resto. Predefinito 0,60.",
    },
    "clients.setting.reliability_half_life": {"en": "Half-life of a promise (months)",
                                              "fr": "Demi-vie d'une promesse (mois)",
                                              "it": "Emivita di una promessa (mesi)"},
    "clients.setting.reliability_half_life.help": {
        "en": "A kept or broken promise counts half as much after this many months. "
              "Default 12.",
        "fr": "Une promesse tenue ou non compte moitié moins après ce nombre de mois. "
              "Par défaut 12.",
        "it": "Una promessa mantenuta o meno conta la metà dopo questo numero di mesi. "
              "Predefinito 12.",
    },
    "clients.setting.satisfaction_half_life": {"en": "Half-life of a satisfaction score (months)",
                                               "fr": "Demi-vie d'une note de satisfaction (mois)",
                                               "it": "Emivita di un voto di soddisfazione (mesi)"},
    "clients.setting.satisfaction_half_life.help": {
        "en": "Older scores weigh less in the average. Default 12 months.",
        "fr": "Les notes plus anciennes pèsent moins dans la moyenne. Par défaut 12 mois.",
        "it": "I voti più vecchi pesano meno nella media. Predefinito 12 mesi.",
    },
    "clients.setting.early_ask_penalty": {"en": "Trust lost by an early ask",
                                          "fr": "Confiance perdue par une demande prématurée",
                                          "it": "Fiducia persa per una richiesta prematura"},
    "clients.setting.early_ask_penalty.help": {
        "en": "Taken off trust by an ask made before the client was ready; it fades with the "
              "damage half-life. Default 0.15.",
        "fr": "Retiré de la confiance par une demande faite avant que le client soit prêt ; "
              "s'estompe avec la demi-vie des dommages. Par défaut 0,15.",
        "it": "Tolto alla fiducia da una richiesta fatta prima che il cliente fosse pronto; "
              "svanisce con l'emivita del danno. Predefinito 0,15.",
    },
    "clients.setting.complaint_penalty": {"en": "Trust lost by a complaint",
                                          "fr": "Confiance perdue par une réclamation",
                                          "it": "Fiducia persa per un reclamo"},
    "clients.setting.complaint_penalty.help": {
        "en": "Taken off trust by a complaint, fading with the damage half-life. Default 0.10.",
        "fr": "Retiré de la confiance par une réclamation, s'estompe avec la demi-vie des "
              "dommages. Par défaut 0,10.",
        "it": "Tolto alla fiducia da un reclamo, svanisce con l'emivita del danno. "
              "Predefinito 0,10.",
    },
    "clients.setting.damage_half_life": {"en": "Half-life of the damage (months)",
                                         "fr": "Demi-vie des dommages (mois)",
                                         "it": "Emivita del danno (mesi)"},
    "clients.setting.damage_half_life.help": {
        "en": "The trust lost by an early ask or a complaint halves after this many months. "
              "Default 6.",
        "fr": "La confiance perdue par une demande prématurée ou une réclamation diminue de "
              "moitié après ce nombre de mois. Par défaut 6.",
        "it": "La fiducia persa per una richiesta prematura o un reclamo si dimezza dopo "
              "questo numero di mesi. Predefinito 6.",
    },
    "clients.setting.reliability_quantile": {"en": "Cautious reliability quantile",
                                             "fr": "Quantile prudent de la fiabilité",
                                             "it": "Quantile prudente dell'affidabilità"},
    "clients.setting.reliability_quantile.help": {
        "en": "The band under the trust line uses this lower quantile of reliability: with "
              "0.10 there is 1 chance in 10 that the client's true reliability is lower. Few "
              "promises seen, wide band.",
        "fr": "La bande sous la courbe de confiance utilise ce quantile bas de la fiabilité : "
              "avec 0,10, il y a 1 chance sur 10 que la vraie fiabilité soit plus basse. Peu de "
              "promesses observées, bande large.",
        "it": "La banda sotto la curva della fiducia usa questo quantile basso "
              "dell'affidabilità: con 0,10 c'è 1 probabilità su 10 che l'affidabilità vera sia "
              "più bassa. Poche promesse osservate, banda larga.",
    },
    # ---- headline figures and table
    "clients.metric.ready": {"en": "Ready to ask now", "fr": "Prêts pour une demande",
                             "it": "Pronti per una richiesta"},
    "clients.metric.ready.help": {
        "en": "Active clients who pass every condition of the gate today.",
        "fr": "Clients actifs qui remplissent aujourd'hui toutes les conditions.",
        "it": "Clienti attivi che oggi soddisfano tutte le condizioni.",
    },
    "clients.metric.not_ready": {"en": "Not yet", "fr": "Pas encore", "it": "Non ancora"},
    "clients.metric.not_ready.help": {
        "en": "Active clients not ready yet: too new, a recent broken promise, asked "
              "recently, or trust too low.",
        "fr": "Clients actifs pour qui il est trop tôt : relation trop récente, promesse non "
              "tenue récemment, demande récente, ou confiance trop basse.",
        "it": "Clienti attivi non ancora pronti: troppo recenti, promessa non mantenuta di "
              "recente, richiesta recente, o fiducia troppo bassa.",
    },
    "clients.metric.early_asks": {"en": "Early asks (90 days)",
                                  "fr": "Demandes prématurées (90 jours)",
                                  "it": "Richieste premature (90 giorni)"},
    "clients.metric.early_asks.help": {
        "en": "Asks of the last 90 days made before the client was ready, out of all asks. "
              "Should be zero.",
        "fr": "Demandes des 90 derniers jours faites avant que le client soit prêt, sur "
              "l'ensemble des demandes. Devrait être zéro.",
        "it": "Richieste degli ultimi 90 giorni fatte prima che il cliente fosse pronto, sul "
              "totale delle richieste. Dovrebbe essere zero.",
    },
    "clients.metric.of_asks": {"en": "of {asks} asks", "fr": "sur {asks} demandes",
                               "it": "su {asks} richieste"},
    "clients.never_skipped": {
        "en": "Too little history to tell the clients who never refer: the gate leaves that "
              "condition out for now.",
        "fr": "Trop peu d'historique pour repérer les clients qui ne recommandent jamais : "
              "cette condition est laissée de côté pour l'instant.",
        "it": "Storico troppo breve per riconoscere i clienti che non fanno mai referral: per "
              "ora questa condizione è esclusa.",
    },
    "clients.search": {"en": "Search clients", "fr": "Chercher un client", "it": "Cerca clienti"},
    "clients.search.placeholder": {
        "en": "Name, company, e-mail, CRM id or sales lead",
        "fr": "Nom, entreprise, e-mail, identifiant CRM ou commercial",
        "it": "Nome, azienda, e-mail, id CRM o commerciale",
    },
    "clients.table.caption": {
        "en": "{shown} of {total} clients. Click a row, or choose below, to see the trajectory.",
        "fr": "{shown} clients sur {total}. Cliquez une ligne, ou choisissez ci-dessous, pour "
              "voir la trajectoire.",
        "it": "{shown} clienti su {total}. Clicca una riga, o scegli qui sotto, per vedere la "
              "traiettoria.",
    },
    "clients.col.client_id": {"en": "Id", "fr": "Id", "it": "Id"},
    "clients.col.name": {"en": "Client", "fr": "Client", "it": "Cliente"},
    "clients.col.company": {"en": "Company", "fr": "Entreprise", "it": "Azienda"},
    "clients.col.owner": {"en": "Sales lead", "fr": "Commercial", "it": "Commerciale"},
    "clients.col.trust": {"en": "Trust", "fr": "Confiance", "it": "Fiducia"},
    "clients.col.trust_change_3m": {"en": "Change (3 mo.)", "fr": "Évolution (3 mois)",
                                    "it": "Variazione (3 mesi)"},
    "clients.col.ready": {"en": "Ready", "fr": "Demande possible",
                          "it": "Richiesta possibile"},
    "clients.col.status": {"en": "Status", "fr": "Statut", "it": "Stato"},
    "clients.col.projected_ready_date": {"en": "Likely ready", "fr": "Demande possible vers",
                                         "it": "Richiesta possibile verso"},
    "clients.col.last_ask_date": {"en": "Last ask", "fr": "Dernière demande",
                                  "it": "Ultima richiesta"},
    "clients.col.last_ask_early": {"en": "Last ask early", "fr": "Dernière demande prématurée",
                                   "it": "Ultima richiesta prematura"},
    "clients.col.external_id": {"en": "CRM id", "fr": "Id CRM", "it": "Id CRM"},
    "clients.col.months_known": {"en": "Months known", "fr": "Mois de relation",
                                 "it": "Mesi di relazione"},
    "clients.col.date": {"en": "Date", "fr": "Date", "it": "Data"},
    "clients.col.ask_trust": {"en": "Trust at the ask", "fr": "Confiance à la demande",
                              "it": "Fiducia alla richiesta"},
    "clients.col.why": {"en": "Why early", "fr": "Pourquoi prématurée", "it": "Perché prematura"},
    "clients.pick": {"en": "Client", "fr": "Client", "it": "Cliente"},
    "clients.pick.placeholder": {"en": "Choose a client", "fr": "Choisissez un client",
                                 "it": "Scegli un cliente"},
    "clients.pick.capped": {
        "en": "The list holds the first {count} clients of the table: search to narrow it.",
        "fr": "La liste contient les {count} premiers clients du tableau : cherchez pour la "
              "réduire.",
        "it": "L'elenco contiene i primi {count} clienti della tabella: cerca per restringerlo.",
    },
    "clients.no_match": {"en": "No client matches this search.",
                         "fr": "Aucun client ne correspond à cette recherche.",
                         "it": "Nessun cliente corrisponde a questa ricerca."},
    "clients.show_components": {"en": "Show the components of trust",
                                "fr": "Afficher les composantes de la confiance",
                                "it": "Mostra le componenti della fiducia"},
    # ---- reasons
    "clients.reason.ready": {"en": "Ready", "fr": "Demande possible",
                             "it": "Richiesta possibile"},
    "clients.reason.lost": {"en": "Lost", "fr": "Perdu", "it": "Perso"},
    "clients.reason.likely_never": {"en": "Likely never refers",
                                    "fr": "Ne recommandera sans doute jamais",
                                    "it": "Probabilmente non segnala mai"},
    "clients.reason.asked_recently": {"en": "Asked recently", "fr": "Demande récente",
                                      "it": "Richiesta recente"},
    "clients.reason.broken_promise": {"en": "Broken promise", "fr": "Promesse non tenue",
                                      "it": "Promessa non mantenuta"},
    "clients.reason.too_new": {"en": "Too new", "fr": "Relation trop récente",
                               "it": "Rapporto troppo recente"},
    "clients.reason.low_trust": {"en": "Low trust", "fr": "Confiance trop basse",
                                 "it": "Fiducia troppo bassa"},
    # ---- durations
    "clients.months.one": {"en": "{n} month", "fr": "{n} mois", "it": "{n} mese"},
    "clients.months.other": {"en": "{n} months", "fr": "{n} mois", "it": "{n} mesi"},
    "clients.days.one": {"en": "{n} day", "fr": "{n} jour", "it": "{n} giorno"},
    "clients.days.other": {"en": "{n} days", "fr": "{n} jours", "it": "{n} giorni"},
    # ---- next step
    "clients.next.ready": {"en": "Ready: ask for an introduction.",
                           "fr": "C'est le moment : demandez-lui une recommandation.",
                           "it": "È il momento: chiedi un referral."},
    "clients.next.lost": {"en": "Lost client: do not ask; find out what went wrong.",
                          "fr": "Client perdu : ne demandez rien ; cherchez ce qui n'a pas "
                                "marché.",
                          "it": "Cliente perso: non chiedere; capisci cosa non ha funzionato."},
    "clients.next.likely_never": {
        "en": "Don't ask: likely never refers. Serve them well: their loyalty still counts.",
        "fr": "Ne demandez pas : ne recommandera sans doute jamais. Soignez la relation : "
              "la fidélité compte quand même.",
        "it": "Non chiedere: probabilmente non segnala mai. Cura il rapporto: la fedeltà "
              "conta comunque.",
    },
    "clients.next.asked_recently.when": {
        "en": "Don't ask: asked {ago} ago; likely ready in {month}.",
        "fr": "Ne demandez pas : dernière demande il y a {ago} ; demande possible sans doute "
              "en {month}.",
        "it": "Non chiedere: richiesta fatta {ago} fa; richiesta possibile probabilmente in "
              "{month}.",
    },
    "clients.next.asked_recently.never": {
        "en": "Don't ask: asked {ago} ago.",
        "fr": "Ne demandez pas : dernière demande il y a {ago}.",
        "it": "Non chiedere: richiesta fatta {ago} fa.",
    },
    "clients.next.broken_promise.when": {
        "en": "Wait: a promise was broken {ago} ago; keep the next ones. Likely ready in "
              "{month}.",
        "fr": "Attendez : une promesse n'a pas été tenue il y a {ago} ; tenez les suivantes. "
              "Demande possible sans doute en {month}.",
        "it": "Aspetta: una promessa non è stata mantenuta {ago} fa; mantieni le prossime. "
              "Richiesta possibile probabilmente in {month}.",
    },
    "clients.next.broken_promise.never": {
        "en": "Wait: a promise was broken {ago} ago; keep the next ones.",
        "fr": "Attendez : une promesse n'a pas été tenue il y a {ago} ; tenez les suivantes.",
        "it": "Aspetta: una promessa non è stata mantenuta {ago} fa; mantieni le prossime.",
    },
    "clients.next.too_new.when": {
        "en": "Wait: known {known}; likely ready in {month}.",
        "fr": "Attendez : relation de {known} ; demande possible sans doute en {month}.",
        "it": "Aspetta: rapporto da {known}; richiesta possibile probabilmente in {month}.",
    },
    "clients.next.too_new.never": {
        "en": "Wait: known {known}; it will take more kept promises to be ready.",
        "fr": "Attendez : relation de {known} ; il faudra d'autres promesses tenues avant "
              "une demande.",
        "it": "Aspetta: rapporto da {known}; serviranno altre promesse mantenute prima di "
              "una richiesta.",
    },
    "clients.next.low_trust.when": {
        "en": "Wait: trust {trust} is below {threshold}; likely ready in {month}.",
        "fr": "Attendez : confiance de {trust}, sous le seuil de {threshold} ; demande "
              "possible sans doute en {month}.",
        "it": "Aspetta: fiducia {trust}, sotto la soglia di {threshold}; richiesta "
              "possibile probabilmente in {month}.",
    },
    "clients.next.low_trust.never": {
        "en": "Wait: trust {trust} is below {threshold} and will not get there without more "
              "kept promises.",
        "fr": "Attendez : confiance de {trust}, sous le seuil de {threshold} ; elle n'y "
              "arrivera pas sans d'autres promesses tenues.",
        "it": "Aspetta: fiducia {trust}, sotto la soglia di {threshold}; non ci arriverà "
              "senza altre promesse mantenute.",
    },
    "clients.next_step": {"en": "Next step", "fr": "Prochaine étape", "it": "Prossimo passo"},
    # ---- one client's figures
    "clients.fig.trust": {"en": "Trust now", "fr": "Confiance actuelle", "it": "Fiducia attuale"},
    "clients.fig.trust.help": {
        "en": "Trust today (0 to 1); the change is over the last 3 months.",
        "fr": "Confiance aujourd'hui (0 à 1) ; l'évolution porte sur les 3 derniers mois.",
        "it": "Fiducia oggi (da 0 a 1); la variazione riguarda gli ultimi 3 mesi.",
    },
    "clients.fig.reliability": {"en": "Promise keeping", "fr": "Promesses tenues",
                                "it": "Promesse mantenute"},
    "clients.fig.reliability.help": {
        "en": "Estimated share of promises kept, and (below) its cautious lower bound: few "
              "promises seen, a low bound.",
        "fr": "Part estimée des promesses tenues et (dessous) sa borne basse prudente : peu "
              "de promesses observées, borne basse.",
        "it": "Quota stimata di promesse mantenute e (sotto) il suo limite inferiore "
              "prudente: poche promesse osservate, limite basso.",
    },
    "clients.fig.cautious": {"en": "at worst {value}", "fr": "au pire {value}",
                             "it": "al minimo {value}"},
    "clients.fig.known": {"en": "Known for", "fr": "Relation depuis", "it": "Rapporto da"},
    "clients.fig.owner": {"en": "Sales lead: {owner}", "fr": "Commercial : {owner}",
                          "it": "Commerciale: {owner}"},
    # ---- chart
    "clients.chart.title": {"en": "Trust trajectory", "fr": "Trajectoire de confiance",
                            "it": "Traiettoria della fiducia"},
    "clients.chart.trust": {"en": "Trust", "fr": "Confiance", "it": "Fiducia"},
    "clients.chart.band": {"en": "Cautious trust", "fr": "Confiance prudente",
                           "it": "Fiducia prudente"},
    "clients.chart.cautious": {"en": "cautious", "fr": "prudente", "it": "prudente"},
    "clients.chart.not_ready": {"en": "Not ready", "fr": "Trop tôt", "it": "Troppo presto"},
    "clients.chart.threshold": {"en": "Ready from {value}", "fr": "Demande possible dès {value}",
                                "it": "Richiesta possibile da {value}"},
    "clients.chart.projected": {"en": "Likely ready", "fr": "Demande possible vers",
                                "it": "Richiesta possibile verso"},
    "clients.axis.trust": {"en": "Trust (0–1)", "fr": "Confiance (0–1)", "it": "Fiducia (0–1)"},
    "clients.component.familiarity": {"en": "Familiarity", "fr": "Familiarité",
                                      "it": "Familiarità"},
    "clients.component.reliability": {"en": "Reliability", "fr": "Fiabilité",
                                      "it": "Affidabilità"},
    "clients.component.satisfaction": {"en": "Satisfaction", "fr": "Satisfaction",
                                       "it": "Soddisfazione"},
    "clients.component.damage": {"en": "Damage", "fr": "Dommages", "it": "Danno"},
    "clients.lane.promises": {"en": "Promises", "fr": "Promesses", "it": "Promesse"},
    "clients.lane.satisfaction": {"en": "Satisfaction", "fr": "Satisfaction",
                                  "it": "Soddisfazione"},
    "clients.lane.problems": {"en": "Problems", "fr": "Problèmes", "it": "Problemi"},
    "clients.lane.asks": {"en": "Asks", "fr": "Demandes", "it": "Richieste"},
    "clients.lane.referrals": {"en": "Referrals", "fr": "Recommandations", "it": "Referral"},
    "clients.marker.promise_kept": {"en": "Promise kept", "fr": "Promesse tenue",
                                    "it": "Promessa mantenuta"},
    "clients.marker.promise_broken": {"en": "Promise broken", "fr": "Promesse non tenue",
                                      "it": "Promessa non mantenuta"},
    "clients.marker.satisfaction": {"en": "Satisfaction score", "fr": "Note de satisfaction",
                                    "it": "Voto di soddisfazione"},
    "clients.marker.complaint": {"en": "Complaint", "fr": "Réclamation", "it": "Reclamo"},
    "clients.marker.lost": {"en": "Client lost", "fr": "Client perdu", "it": "Cliente perso"},
    "clients.marker.ask_timely": {"en": "Ask when ready", "fr": "Demande au bon moment",
                                  "it": "Richiesta al momento giusto"},
    "clients.marker.ask_early": {"en": "Early ask", "fr": "Demande prématurée",
                                 "it": "Richiesta prematura"},
    "clients.marker.referral_declined": {"en": "Ask declined", "fr": "Demande refusée",
                                         "it": "Richiesta rifiutata"},
    "clients.marker.referral": {"en": "Referral given", "fr": "Recommandation donnée",
                                "it": "Referral ricevuto"},
    "clients.hover.score": {"en": "score {score}/10", "fr": "note {score}/10",
                            "it": "voto {score}/10"},
    "clients.hover.ask_trust": {"en": "trust at the ask: {trust}",
                                "fr": "confiance à la demande : {trust}",
                                "it": "fiducia alla richiesta: {trust}"},
    "clients.hover.prospect": {"en": "prospect: {name}", "fr": "prospect : {name}",
                               "it": "prospect: {name}"},
    # ---- what early asks cost
    "clients.cost.title": {"en": "What early asks cost: average trust by months since the start",
                           "fr": "Ce que coûtent les demandes prématurées : confiance moyenne "
                                 "selon l'ancienneté",
                           "it": "Quanto costano le richieste premature: fiducia media per "
                                 "mesi dall'inizio"},
    "clients.cost.heading": {"en": "What early asks cost", "fr": "Ce que coûtent les demandes "
                             "prématurées", "it": "Quanto costano le richieste premature"},
    "clients.cost.intro": {
        "en": "Clients grouped by their first ask: made too early, made when they were "
              "ready, or never asked. From this store's own history.",
        "fr": "Clients regroupés selon leur première demande : trop tôt, au bon moment, ou "
              "sans demande. D'après l'historique de cette base.",
        "it": "Clienti raggruppati per la loro prima richiesta: troppo presto, al momento "
              "giusto, o nessuna richiesta. Dallo storico di questo archivio.",
    },
    "clients.cost.early": {"en": "First asked too early", "fr": "Première demande trop tôt",
                           "it": "Prima richiesta troppo presto"},
    "clients.cost.timely": {"en": "First asked when ready", "fr": "Première demande au bon moment",
                            "it": "Prima richiesta al momento giusto"},
    "clients.cost.never_asked": {"en": "Never asked", "fr": "Aucune demande",
                                 "it": "Nessuna richiesta"},
    "clients.cost.axis_months": {"en": "Months since the start", "fr": "Mois depuis le début",
                                 "it": "Mesi dall'inizio"},
    "clients.cost.group": {"en": "Group", "fr": "Groupe", "it": "Gruppo"},
    "clients.cost.clients": {"en": "Clients", "fr": "Clients", "it": "Clienti"},
    "clients.cost.lost_share": {"en": "Lost", "fr": "Perdus", "it": "Persi"},
    "clients.cost.referrals_per_year": {"en": "Referrals per client-year",
                                        "fr": "Recommandations par client-année",
                                        "it": "Referral per cliente-anno"},
    "clients.cost.trust_now": {"en": "Trust now (mean)", "fr": "Confiance actuelle (moyenne)",
                               "it": "Fiducia attuale (media)"},
    # ---- Portfolio page lists
    "clients.ready_now.title": {"en": "Ready to ask now", "fr": "Prêts pour une demande",
                                "it": "Pronti per una richiesta"},
    "clients.ready_now.caption": {
        "en": "{count} clients pass every condition today: the list to act on this week.",
        "fr": "{count} clients remplissent toutes les conditions aujourd'hui : la liste de la "
              "semaine.",
        "it": "{count} clienti soddisfano oggi tutte le condizioni: l'elenco di questa "
              "settimana.",
    },
    "clients.ready_now.empty": {
        "en": "Nobody is ready to be asked today.",
        "fr": "Personne n'est prêt pour une demande aujourd'hui.",
        "it": "Nessuno è pronto per una richiesta oggi.",
    },
    "clients.early_recent.title": {"en": "Early asks in the last 90 days",
                                   "fr": "Demandes prématurées des 90 derniers jours",
                                   "it": "Richieste premature degli ultimi 90 giorni"},
    "clients.early_recent.none": {
        "en": "No early ask in the last 90 days.",
        "fr": "Aucune demande prématurée ces 90 derniers jours.",
        "it": "Nessuna richiesta prematura negli ultimi 90 giorni.",
    },
    "clients.early_recent.some": {
        "en": "{count} asks came before the client was ready (this should be zero).",
        "fr": "{count} demandes sont venues avant que le client soit prêt (cela devrait être "
              "zéro).",
        "it": "{count} richieste sono arrivate prima che il cliente fosse pronto (dovrebbero "
              "essere zero).",
    },
    # --- issue 11: correcting a client's events
    "clients.events.heading": {"en": "Correct an event", "fr": "Corriger un événement",
                               "it": "Correggi un evento"},
    "clients.events.intro": {
        "en": "A wrong date, the wrong client, logged twice: change or delete the event. "
              "The trajectory and every list follow at once, and Undo puts it back.",
        "fr": "Une mauvaise date, le mauvais client, noté deux fois : modifiez ou supprimez "
              "l'événement. La trajectoire et toutes les listes suivent aussitôt ; Annuler "
              "le remet.",
        "it": "Una data sbagliata, il cliente sbagliato, registrato due volte: modifica o "
              "elimina l'evento. La traiettoria e ogni elenco seguono subito; Annulla lo "
              "ripristina.",
    },
    "clients.events.none": {"en": "No events for this client yet.",
                            "fr": "Aucun événement pour ce client.",
                            "it": "Nessun evento per questo cliente."},
    "clients.events.pick": {"en": "Event", "fr": "Événement", "it": "Evento"},
    "clients.events.date": {"en": "Date", "fr": "Date", "it": "Data"},
    "clients.events.kind": {"en": "What", "fr": "Quoi", "it": "Cosa"},
    "clients.events.score": {"en": "Satisfaction score (0-10)",
                             "fr": "Note de satisfaction (0-10)",
                             "it": "Voto di soddisfazione (0-10)"},
    "clients.events.client": {"en": "Client", "fr": "Client", "it": "Cliente"},
    "clients.events.note": {"en": "Note", "fr": "Note", "it": "Nota"},
    "clients.events.save": {"en": "Save the change", "fr": "Enregistrer la modification",
                            "it": "Salva la modifica"},
    "clients.events.delete": {"en": "Delete this event", "fr": "Supprimer cet événement",
                              "it": "Elimina questo evento"},
    "clients.events.undo": {"en": "Undo", "fr": "Annuler", "it": "Annulla"},
    "clients.events.edited": {"en": "{what} of {date} changed.",
                              "fr": "{what} du {date} modifié(e).",
                              "it": "{what} del {date} modificato."},
    "clients.events.deleted": {"en": "{what} of {date} deleted.",
                               "fr": "{what} du {date} supprimé(e).",
                               "it": "{what} del {date} eliminato."},
    "clients.events.undone": {"en": "Undone: the event is back as it was.",
                              "fr": "Annulé : l'événement est revenu tel qu'il était.",
                              "it": "Annullato: l'evento è tornato com'era."},
    "clients.events.imported": {
        "en": "This event came from an import ({source}): importing the same export again "
              "writes the CRM's values back. Correct it in the CRM too.",
        "fr": "Cet événement vient d'un import ({source}) : réimporter le même export remet "
              "les valeurs du CRM. Corrigez-le aussi dans le CRM.",
        "it": "Questo evento viene da un'importazione ({source}): importare di nuovo lo "
              "stesso export rimette i valori del CRM. Correggilo anche nel CRM.",
    },
    "error.entry.kind": {"en": "“{value}” is not a kind of event refdash knows.",
                         "fr": "« {value} » n'est pas un type d'événement connu de refdash.",
                         "it": "«{value}» non è un tipo di evento noto a refdash."},
    "error.entry.bad_date": {"en": "“{value}” is not a date.",
                             "fr": "« {value} » n'est pas une date.",
                             "it": "«{value}» non è una data."},
    "error.entry.event_gone": {
        "en": "That event is not in the store any more (changed elsewhere?): nothing was "
              "written.",
        "fr": "Cet événement n'est plus dans la base (modifié ailleurs ?) : rien n'a été "
              "écrit.",
        "it": "Questo evento non è più nell'archivio (modificato altrove?): non è stato "
              "scritto nulla.",
    },
}
