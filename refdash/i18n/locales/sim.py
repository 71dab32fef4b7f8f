"""Strings of the Simulator page (sphere-of-influence growth by referral)."""


def _s(en: str, fr: str, it: str) -> dict[str, str]:
    return {"en": en, "fr": fr, "it": it}


STRINGS: dict[str, dict[str, str]] = {
    "sim.title": _s("Referral growth simulator", "Simulateur de croissance par recommandation",
                    "Simulatore di crescita per referral"),
    "sim.intro": _s(
        "How would your client base grow by referral alone, and what is patience worth? "
        "Each person knows about 250 others, but acquaintances overlap, a market is finite and an "
        "ask made too early costs clients. Change the settings: the three ask policies are run "
        "with the same luck, so the gap between them is the policy, not noise.",
        "Comment votre clientèle grandirait-elle par la seule recommandation, et que vaut la "
        "patience ? Chacun connaît environ 250 personnes, mais les relations se recoupent, le "
        "marché n'est pas infini et une demande prématurée coûte des clients. Modifiez les réglages : "
        "les trois façons de demander sont simulées avec les mêmes aléas, l'écart entre elles "
        "vient donc de la méthode, pas du bruit.",
        "Come crescerebbe la tua clientela solo grazie ai referral, e quanto vale la pazienza? "
        "Ognuno conosce circa 250 persone, ma le conoscenze si sovrappongono, il mercato non è "
        "infinito e una richiesta prematura costa clienti. Cambia le impostazioni: le tre "
        "politiche di richiesta sono simulate con gli stessi eventi casuali, quindi la differenza "
        "viene dalla politica, non dal caso."),
    "sim.bad_link": _s("The scenario in this link cannot be used ({error}); the default "
                       "scenario is shown.",
                       "Le scénario de ce lien est inutilisable ({error}) ; le scénario par "
                       "défaut est affiché.",
                       "Lo scenario di questo link non è utilizzabile ({error}); viene mostrato "
                       "lo scenario predefinito."),
    "sim.running": _s("Simulating…", "Simulation…", "Simulazione…"),
    # ------------------------------------------------------------------ calibration
    "sim.calibrate": _s("Calibrate from my portfolio", "Calibrer sur mon portefeuille",
                        "Calibra sul mio portafoglio"),
    "sim.calibrate.help": _s(
        "Set the knobs from your store (the sales leads chosen in the sidebar): active "
        "clients, segment shares, observed ask success and conversion, time to readiness, "
        "churn. The market size, clustering and run settings stay as they are.",
        "Règle les curseurs d'après votre base (les commerciaux choisis dans la barre "
        "latérale) : clients actifs, parts des segments, succès des demandes et conversion "
        "observés, délai avant d'être prêt, attrition. La taille du marché, le regroupement "
        "et les réglages de simulation ne changent pas.",
        "Imposta i parametri dal tuo archivio (i commerciali scelti nella barra laterale): "
        "clienti attivi, quote dei segmenti, successo delle richieste e conversione osservati, "
        "tempo per essere pronti, abbandono. Dimensione del mercato, raggruppamento e "
        "impostazioni di simulazione restano invariati."),
    "sim.note.trust_model": _s("Readiness and early asks: from the trust model.",
                               "Préparation et demandes prématurées : d'après le modèle de confiance.",
                               "Prontezza e richieste premature: dal modello di fiducia."),
    "sim.note.segments_model": _s(
        "Segment shares and their referral rates: from the segment model.",
        "Parts des segments et leurs taux de recommandation : d'après le modèle de segments.",
        "Quote dei segmenti e tassi di referral: dal modello dei segmenti."),
    "sim.note.market_kept": _s(
        "Market size and clustering are not in your data: set them yourself.",
        "La taille du marché et le regroupement ne sont pas dans vos données : réglez-les vous-même.",
        "Dimensione del mercato e raggruppamento non sono nei tuoi dati: impostali tu."),
    # ------------------------------------------------------------------ knob groups
    "sim.group.market": _s("Market", "Marché", "Mercato"),
    "sim.group.clients": _s("Clients", "Clients", "Clienti"),
    "sim.group.referrals": _s("Referrals", "Recommandations", "Referral"),
    "sim.group.early": _s("Early-ask costs", "Coût des demandes prématurées",
                          "Costi delle richieste premature"),
    "sim.group.run": _s("Run", "Simulation", "Simulazione"),
    # ------------------------------------------------------------------ knobs
    "sim.knob.start_clients": _s("Clients today", "Clients aujourd'hui", "Clienti oggi"),
    "sim.knob.start_clients.help": _s("Active clients at month 0.", "Clients actifs au mois 0.",
                                      "Clienti attivi al mese 0."),
    "sim.knob.market": _s("Market size (people)", "Taille du marché (personnes)",
                          "Dimensione del mercato (persone)"),
    "sim.knob.market.help": _s(
        "Everyone who could ever become a client. Referrals only reach people in it.",
        "Toutes les personnes qui pourraient un jour devenir clientes. Les recommandations "
        "n'atteignent qu'elles.",
        "Tutte le persone che potrebbero diventare clienti. I referral raggiungono solo loro."),
    "sim.knob.sphere": _s("Sphere of influence (people known)",
                          "Sphère d'influence (personnes connues)",
                          "Sfera d'influenza (persone conosciute)"),
    "sim.knob.sphere.help": _s(
        "How many people of the market each person knows (the texts say 250).",
        "Combien de personnes du marché chacun connaît (les textes disent 250).",
        "Quante persone del mercato conosce ciascuno (i testi dicono 250)."),
    "sim.knob.clustering": _s("Overlap of circles", "Recoupement des cercles",
                              "Sovrapposizione delle cerchie"),
    "sim.knob.clustering.help": _s(
        "Share of each person's acquaintances from their local circle, where friends of "
        "friends are one's own friends. 0 %: acquaintances spread at random; 100 %: tight "
        "circles, so referrals keep reaching the same people.",
        "Part des connaissances de chacun issues de son cercle proche, où les amis des amis "
        "sont ses propres amis. 0 % : connaissances au hasard ; 100 % : cercles serrés, les "
        "recommandations retombent sur les mêmes personnes.",
        "Quota delle conoscenze di ciascuno dalla propria cerchia, dove gli amici degli amici "
        "sono i propri amici. 0 %: conoscenze a caso; 100 %: cerchie strette, i referral "
        "raggiungono sempre le stesse persone."),
    "sim.knob.start_age_max": _s("Oldest client today (months)",
                                 "Client le plus ancien aujourd'hui (mois)",
                                 "Relazione più lunga oggi (mesi)"),
    "sim.knob.start_age_max.help": _s(
        "Today's clients have been clients for 0 to this many months (spread evenly).",
        "Les clients d'aujourd'hui le sont depuis 0 à ce nombre de mois (répartis "
        "uniformément).",
        "I clienti di oggi lo sono da 0 a questo numero di mesi (distribuiti uniformemente)."),
    "sim.knob.start_referred_share": _s("Today's clients who came by referral",
                                        "Clients actuels venus par recommandation",
                                        "Clienti attuali arrivati da referral"),
    "sim.knob.start_referred_share.help": _s(
        "They churn at the referred-client rate.",
        "Ils partent au rythme des clients recommandés.",
        "Abbandonano al tasso dei clienti segnalati."),
    "sim.knob.share_advocate": _s("Advocates (%)", "Ambassadeurs (%)", "Ambasciatori (%)"),
    "sim.knob.share_advocate.help": _s(
        "Refer without being asked once they trust you (the rule says 20 %). The three shares "
        "must add up to 100 %.",
        "Recommandent sans qu'on le demande une fois en confiance (la règle dit 20 %). Les "
        "trois parts doivent faire 100 %.",
        "Segnalano senza richiesta una volta acquisita la fiducia (la regola dice 20 %). Le "
        "tre quote devono fare 100 %."),
    "sim.knob.share_responsive": _s("Responsive (%)", "Réceptifs (%)", "Ricettivi (%)"),
    "sim.knob.share_responsive.help": _s(
        "Refer only when asked (the rule says 60 %).",
        "Ne recommandent que si on le demande (la règle dit 60 %).",
        "Segnalano solo se richiesto (la regola dice 60 %)."),
    "sim.knob.share_never": _s("Never refer (%)", "Ne recommandent jamais (%)",
                               "Non segnalano mai (%)"),
    "sim.knob.share_never.help": _s("Never refer (the rule says 20 %).",
                                    "Ne recommandent jamais (la règle dit 20 %).",
                                    "Non segnalano mai (la regola dice 20 %)."),
    "sim.knob.time_to_trust": _s("Time to trust (months)", "Délai de confiance (mois)",
                                 "Tempo per la fiducia (mesi)"),
    "sim.knob.time_to_trust.help": _s(
        "Mean months before a new client is ready to be asked (it varies from client to "
        "client). An ask before that is early.",
        "Nombre moyen de mois avant qu'un nouveau client soit prêt à être sollicité (variable "
        "selon le client). Une demande avant est prématurée.",
        "Mesi medi prima che un nuovo cliente sia pronto per la richiesta (varia da cliente a "
        "cliente). Una richiesta prima è prematura."),
    "sim.knob.churn": _s("Churn per month", "Attrition par mois", "Abbandono al mese"),
    "sim.knob.churn.help": _s(
        "Chance a client leaves in a month (1 % a month is about 11 % a year).",
        "Probabilité qu'un client parte dans le mois (1 % par mois ≈ 11 % par an).",
        "Probabilità che un cliente se ne vada in un mese (1 % al mese ≈ 11 % all'anno)."),
    "sim.knob.churn_referred": _s("Churn per month, referred clients",
                                  "Attrition par mois, clients recommandés",
                                  "Abbandono al mese, clienti segnalati"),
    "sim.knob.churn_referred.help": _s(
        "Referred clients usually stay longer.",
        "Les clients recommandés restent en général plus longtemps.",
        "I clienti segnalati di solito restano più a lungo."),
    "sim.knob.ask_success": _s("Ask success, responsive", "Succès d'une demande, réceptifs",
                               "Successo della richiesta, ricettivi"),
    "sim.knob.ask_success.help": _s(
        "Chance that a responsive client who is ready gives a referral when asked.",
        "Probabilité qu'un client réceptif prêt donne une recommandation quand on la demande.",
        "Probabilità che un cliente ricettivo pronto dia un referral quando richiesto."),
    "sim.knob.advocate_ask_success": _s("Ask success, advocates",
                                        "Succès d'une demande, ambassadeurs",
                                        "Successo della richiesta, ambasciatori"),
    "sim.knob.advocate_ask_success.help": _s(
        "Chance that a ready advocate gives a referral when asked.",
        "Probabilité qu'un ambassadeur prêt donne une recommandation quand on la demande.",
        "Probabilità che un ambasciatore pronto dia un referral quando richiesto."),
    "sim.knob.advocate_rate": _s("Unasked referrals per month, advocates",
                                 "Recommandations spontanées par mois, ambassadeurs",
                                 "Referral spontanei al mese, ambasciatori"),
    "sim.knob.advocate_rate.help": _s(
        "Chance that a ready advocate refers someone in a month without being asked.",
        "Probabilité qu'un ambassadeur prêt recommande quelqu'un dans le mois sans demande.",
        "Probabilità che un ambasciatore pronto segnali qualcuno in un mese senza richiesta."),
    "sim.knob.names_per_referral": _s("People named per referral",
                                      "Personnes citées par recommandation",
                                      "Persone indicate per referral"),
    "sim.knob.names_per_referral.help": _s(
        "Mean number of people one referral names, picked from the client's sphere.",
        "Nombre moyen de personnes citées par une recommandation, choisies dans la sphère du "
        "client.",
        "Numero medio di persone indicate da un referral, scelte nella sfera del cliente."),
    "sim.knob.conversion": _s("Conversion of a referred prospect",
                              "Conversion d'un prospect recommandé",
                              "Conversione di un prospect segnalato"),
    "sim.knob.conversion.help": _s(
        "Chance that a new referred person becomes a client (studies find a minority do).",
        "Probabilité qu'une nouvelle personne recommandée devienne cliente (les études en "
        "trouvent une minorité).",
        "Probabilità che una nuova persona segnalata diventi cliente (gli studi ne trovano una "
        "minoranza)."),
    "sim.knob.sales_lag": _s("Sales cycle (months)", "Cycle de vente (mois)",
                             "Ciclo di vendita (mesi)"),
    "sim.knob.sales_lag.help": _s("Months from the referral to the signed client.",
                                  "Mois entre la recommandation et la signature.",
                                  "Mesi dal referral alla firma del cliente."),
    "sim.knob.ask_rest": _s("Months between two asks", "Mois entre deux demandes",
                            "Mesi tra due richieste"),
    "sim.knob.ask_rest.help": _s(
        "After an ask, the same client is not asked again for this many months.",
        "Après une demande, le même client n'est pas resollicité pendant ce nombre de mois.",
        "Dopo una richiesta, lo stesso cliente non viene richiesto di nuovo per questi mesi."),
    "sim.knob.early_success": _s("Early ask success (relative)",
                                 "Succès d'une demande prématurée (relatif)",
                                 "Successo di una richiesta prematura (relativo)"),
    "sim.knob.early_success.help": _s(
        "An early ask succeeds this share as often as a timely one: pressure and discomfort "
        "(costs 1 and 2 of the French text).",
        "Une demande prématurée réussit dans cette proportion d'une demande au bon moment : "
        "pression et malaise (conséquences 1 et 2 du texte).",
        "Una richiesta prematura riesce in questa proporzione rispetto a una puntuale: pressione "
        "e disagio (conseguenze 1 e 2 del testo francese)."),
    "sim.knob.early_lose": _s("Early ask loses the client", "La demande prématurée fait perdre le client",
                              "La richiesta prematura fa perdere il cliente"),
    "sim.knob.early_lose.help": _s(
        "Chance an early ask destroys the relationship and the client leaves (cost 5). Each "
        "further early ask (insisting) risks it again.",
        "Probabilité qu'une demande prématurée détruise la relation et que le client parte "
        "(conséquence 5). Chaque nouvelle demande prématurée (insister) fait courir ce risque à "
        "nouveau.",
        "Probabilità che una richiesta prematura distrugga la relazione e il cliente se ne vada "
        "(conseguenza 5). Ogni ulteriore richiesta prematura (insistere) ripete il rischio."),
    "sim.knob.early_never": _s("Early ask makes a never-referrer",
                               "La demande prématurée crée un « jamais »",
                               "La richiesta prematura crea un «mai»"),
    "sim.knob.early_never.help": _s(
        "Chance an early ask condemns any future referral from this client (cost 4).",
        "Probabilité qu'une demande prématurée condamne toute recommandation future de ce client "
        "(conséquence 4).",
        "Probabilità che una richiesta prematura comprometta ogni referral futuro del cliente "
        "(conseguenza 4)."),
    "sim.knob.early_setback": _s("Trust lost by an early ask (months)",
                                 "Confiance perdue par une demande prématurée (mois)",
                                 "Fiducia persa con una richiesta prematura (mesi)"),
    "sim.knob.early_setback.help": _s(
        "Months added to the client's time to trust: lost trust and credibility (cost 3).",
        "Mois ajoutés au délai de confiance du client : perte de confiance et de crédibilité "
        "(conséquence 3).",
        "Mesi aggiunti al tempo di fiducia del cliente: perdita di fiducia e credibilità "
        "(conseguenza 3)."),
    "sim.knob.horizon": _s("Horizon (months)", "Horizon (mois)", "Orizzonte (mesi)"),
    "sim.knob.horizon.help": _s("How many months to simulate.", "Nombre de mois simulés.",
                                "Quanti mesi simulare."),
    "sim.knob.runs": _s("Simulations", "Simulations", "Simulazioni"),
    "sim.knob.runs.help": _s(
        "Monte Carlo runs. More runs: a steadier median and band, a slower page.",
        "Tirages Monte-Carlo. Plus de simulations : médiane et bande plus stables, page plus lente.",
        "Simulazioni Monte Carlo. Più simulazioni: mediana e banda più stabili, pagina più lenta."),
    "sim.knob.seed": _s("Scenario number", "Numéro de scénario", "Numero di scenario"),
    "sim.knob.seed.help": _s(
        "The random seed. Same seed, same runs and same network: a shared link shows the same figures.",
        "La graine aléatoire. Même graine, mêmes simulations et même réseau : un lien partagé "
        "montre les mêmes chiffres.",
        "Il seme casuale. Stesso seme, stesse simulazioni e stessa rete: un link condiviso mostra gli stessi "
        "numeri."),
    # ------------------------------------------------------------------ errors
    "error.scenario.not_whole": _s("{knob} must be a whole number (got {value}).",
                              "{knob} doit être un nombre entier (reçu {value}).",
                              "{knob} deve essere un numero intero (ricevuto {value})."),
    "error.scenario.probability": _s("{knob} must be between 0 and 100 % (got {value}).",
                                "{knob} doit être entre 0 et 100 % (reçu {value}).",
                                "{knob} deve essere tra 0 e 100 % (ricevuto {value})."),
    "error.scenario.shares": _s(
        "The segment shares must add up to 100 %: {a} + {r} + {n} = {total} %.",
        "Les parts des segments doivent faire 100 % : {a} + {r} + {n} = {total} %.",
        "Le quote dei segmenti devono fare 100 %: {a} + {r} + {n} = {total} %."),
    "error.scenario.start_clients": _s("Start with at least one client (got {value}).",
                                  "Commencez avec au moins un client (reçu {value}).",
                                  "Parti da almeno un cliente (ricevuto {value})."),
    "error.scenario.market_small": _s("The market must hold at least 10 people (got {value}).",
                                 "Le marché doit compter au moins 10 personnes (reçu {value}).",
                                 "Il mercato deve avere almeno 10 persone (ricevuto {value})."),
    "error.scenario.market_vs_start": _s(
        "The market ({market} people) must be larger than today's clients ({start}).",
        "Le marché ({market} personnes) doit être plus grand que les clients actuels ({start}).",
        "Il mercato ({market} persone) deve essere più grande dei clienti attuali ({start})."),
    "error.scenario.sphere": _s(
        "The sphere must be between 2 and {top} people (got {value}).",
        "La sphère doit compter entre 2 et {top} personnes (reçu {value}).",
        "La sfera deve essere tra 2 e {top} persone (ricevuto {value})."),
    "error.scenario.too_big": _s(
        "Market × sphere = {slots} acquaintances is more than this machine holds ({cap}): "
        "lower the market or the sphere.",
        "Marché × sphère = {slots} relations, plus que cette machine ne peut tenir ({cap}) : "
        "réduisez le marché ou la sphère.",
        "Mercato × sfera = {slots} conoscenze, più di quanto questa macchina possa gestire "
        "({cap}): riduci il mercato o la sfera."),
    "error.scenario.names": _s("People named per referral must be between 1 and {top} (got {value}).",
                          "Les personnes citées doivent être entre 1 et {top} (reçu {value}).",
                          "Le persone indicate devono essere tra 1 e {top} (ricevuto {value})."),
    "error.scenario.time_to_trust": _s("Time to trust must be 0 to 60 months (got {value}).",
                                  "Le délai de confiance doit être de 0 à 60 mois (reçu {value}).",
                                  "Il tempo di fiducia deve essere da 0 a 60 mesi (ricevuto "
                                  "{value})."),
    "error.scenario.sales_lag": _s("The sales cycle must be 1 to 24 months (got {value}).",
                              "Le cycle de vente doit être de 1 à 24 mois (reçu {value}).",
                              "Il ciclo di vendita deve essere da 1 a 24 mesi (ricevuto {value})."),
    "error.scenario.ask_rest": _s("Months between asks must be 1 to 36 (got {value}).",
                             "Les mois entre deux demandes doivent être de 1 à 36 (reçu {value}).",
                             "I mesi tra due richieste devono essere da 1 a 36 (ricevuto {value})."),
    "error.scenario.early_setback": _s("Trust lost must be 0 to 36 months (got {value}).",
                                  "La confiance perdue doit être de 0 à 36 mois (reçu {value}).",
                                  "La fiducia persa deve essere da 0 a 36 mesi (ricevuto {value})."),
    "error.scenario.start_age_max": _s("The oldest client must be 0 to 240 months (got {value}).",
                                  "Le client le plus ancien doit avoir 0 à 240 mois (reçu {value}).",
                                  "La relazione più lunga deve essere da 0 a 240 mesi (ricevuto "
                                  "{value})."),
    "error.scenario.horizon": _s("The horizon must be 1 to 120 months (got {value}).",
                            "L'horizon doit être de 1 à 120 mois (reçu {value}).",
                            "L'orizzonte deve essere da 1 a 120 mesi (ricevuto {value})."),
    "error.scenario.runs": _s("Runs must be 1 to 2000 (got {value}).",
                         "Les simulations doivent être de 1 à 2000 (reçu {value}).",
                         "Le simulazioni devono essere da 1 a 2000 (ricevuto {value})."),
    "error.scenario.seed": _s("The seed must be between 0 and 4294967295 (got {value}).",
                         "La graine doit être entre 0 et 4294967295 (reçu {value}).",
                         "Il seme deve essere tra 0 e 4294967295 (ricevuto {value})."),
    "error.scenario.no_clients": _s("The portfolio has no clients to calibrate from.",
                               "Le portefeuille n'a aucun client pour calibrer.",
                               "Il portafoglio non ha clienti da cui calibrare."),
    # ------------------------------------------------------------------ results
    "sim.focus": _s("Figures for", "Chiffres pour", "Numeri per"),
    "sim.focus.help": _s("Which ask policy the figures, cascade and Bass curve describe.",
                         "La façon de demander que décrivent les chiffres, la cascade et la "
                         "courbe de Bass.",
                         "La politica di richiesta descritta da numeri, cascata e curva di Bass."),
    "sim.policy.patient": _s("Patient: ask once ready", "Patient : demander au bon moment",
                             "Paziente: chiedere al momento giusto"),
    "sim.policy.eager": _s("Eager: ask right after the sale",
                           "Pressé : demander juste après la vente",
                           "Impaziente: chiedere subito dopo la vendita"),
    "sim.policy.never": _s("Never ask", "Ne jamais demander", "Non chiedere mai"),
    "sim.kpi.clients": _s("Clients at month {months}", "Clients au mois {months}",
                          "Clienti al mese {months}"),
    "sim.kpi.clients.help": _s(
        "Median of the runs; 8 runs in 10 end between {low} and {high}. Delta: change from "
        "today's {start}.",
        "Médiane des simulations ; 8 sur 10 finissent entre {low} et {high}. Écart : évolution "
        "depuis les {start} d'aujourd'hui.",
        "Mediana delle simulazioni; 8 su 10 finiscono tra {low} e {high}. Variazione: "
        "rispetto ai {start} di oggi."),
    "sim.kpi.named": _s("People referred", "Personnes recommandées", "Persone segnalate"),
    "sim.kpi.named.help": _s("People named by all referrals over the horizon (median).",
                             "Personnes citées par toutes les recommandations sur l'horizon "
                             "(médiane).",
                             "Persone indicate da tutti i referral nell'orizzonte (mediana)."),
    "sim.kpi.wasted": _s("Already reached", "Déjà atteints", "Già raggiunti"),
    "sim.kpi.wasted.share": _s("{share} of those referred", "{share} du total",
                               "{share} del totale"),
    "sim.kpi.wasted.help": _s(
        "People named who were already a client, a former client or already approached: "
        "spheres overlap.",
        "Personnes citées déjà clientes, anciennes clientes ou déjà approchées : les sphères "
        "se recoupent.",
        "Persone indicate che erano già clienti, ex clienti o già contattate: le sfere si "
        "sovrappongono."),
    "sim.kpi.burned": _s("Relationships lost", "Relations gâchées", "Rapporti bruciati"),
    "sim.kpi.burned.help": _s(
        "Clients lost to an early ask ({lost}) plus clients an early ask turned into "
        "never-referrers ({never}), medians.",
        "Clients perdus par une demande prématurée ({lost}) plus clients devenus « jamais » après "
        "une demande prématurée ({never}), médianes.",
        "Clienti persi per una richiesta prematura ({lost}) più clienti diventati «mai» dopo "
        "una richiesta prematura ({never}), mediane."),
    "sim.kpi.penetration": _s("Market penetration", "Pénétration", "Penetrazione"),
    "sim.kpi.penetration.help": _s(
        "Active clients at the horizon as a share of the market; {reached} of the market has "
        "been reached (clients or approached).",
        "Clients actifs à l'horizon rapportés au marché ; {reached} du marché a été atteint "
        "(clients ou approchés).",
        "Clienti attivi all'orizzonte in rapporto al mercato; {reached} del mercato è stato "
        "raggiunto (clienti o contattati)."),
    "sim.kpi.reff": _s("Won per client lost", "Gagnés par départ", "Nuovi per ogni uscita"),
    "sim.kpi.reff.start": _s("{value} in the first 6 months", "{value} les 6 premiers mois",
                             "{value} nei primi 6 mesi"),
    "sim.kpi.reff.help": _s(
        "Effective referral reproduction number: clients won by referral for each client churn "
        "takes, over the last 6 months (the line: month by month). Above 1 referral outgrows "
        "churn; below 1 the base shrinks. Clients lost to an early ask are not counted here, so "
        "eager asking can show a higher figure with fewer clients.",
        "Nombre de reproduction effectif : clients gagnés par recommandation pour chaque client "
        "perdu par attrition, sur les 6 derniers mois (la courbe : mois par mois). Au-dessus de "
        "1 la recommandation l'emporte ; en dessous la clientèle diminue. Les clients perdus par "
        "une demande prématurée n'y sont pas comptés : les demandes pressées peuvent afficher "
        "un chiffre plus haut avec moins de clients.",
        "Numero di riproduzione effettivo: clienti acquisiti con referral per ogni cliente perso "
        "per abbandono, negli ultimi 6 mesi (la curva: mese per mese). Sopra 1 il referral "
        "vince; sotto 1 la clientela cala. I clienti persi per una richiesta prematura non sono "
        "contati: le richieste impazienti possono mostrare un numero più alto con meno "
        "clienti."),
    "sim.kpi.doubling": _s("Doubling (year 1)", "Doublement (an 1)", "Raddoppio (anno 1)"),
    "sim.kpi.doubling.end": _s("{value} in the last year", "{value} la dernière année",
                               "{value} nell'ultimo anno"),
    "sim.kpi.doubling.help": _s(
        "At the pace of the median over 12 months, how long the client base takes to double. "
        "It lengthens as spheres overlap and the market fills: exponential growth does not last.",
        "Au rythme de la médiane sur 12 mois, le temps pour que la clientèle double. Il "
        "s'allonge quand les sphères se recoupent et que le marché se remplit : la croissance "
        "exponentielle ne dure pas.",
        "Al ritmo della mediana su 12 mesi, il tempo per raddoppiare la clientela. Si allunga "
        "quando le sfere si sovrappongono e il mercato si riempie: la crescita esponenziale "
        "non dura."),
    "sim.months": _s("{n} months", "{n} mois", "{n} mesi"),
    "sim.never_doubles": _s("no doubling", "pas de doublement", "nessun raddoppio"),
    "sim.patience": _s(
        "Patience is worth it: asking right after the sale loses {burned} relationships and "
        "{gap} clients in {months} months, against asking once the client is ready.",
        "La patience paie : demander juste après la vente fait perdre {burned} relations et "
        "{gap} clients en {months} mois, par rapport à une demande au bon moment.",
        "La pazienza conviene: chiedere subito dopo la vendita fa perdere {burned} rapporti e "
        "{gap} clienti in {months} mesi, rispetto a chiedere al momento giusto."),
    "sim.patience.none": _s(
        "Patience is worth no clients here: asking right after the sale loses {burned} "
        "relationships in {months} months, and the clients it wins make up for them ({gap} "
        "clients against asking once the client is ready).",
        "Ici la patience ne rapporte pas de clients : demander juste après la vente fait perdre "
        "{burned} relations en {months} mois, mais les clients gagnés compensent ({gap} clients "
        "par rapport à une demande au bon moment).",
        "Qui la pazienza non porta clienti: chiedere subito dopo la vendita fa perdere {burned} "
        "rapporti in {months} mesi, ma i clienti acquisiti compensano ({gap} clienti rispetto a "
        "chiedere al momento giusto)."),
    "sim.headline": _s(
        "If each new client brought {sphere} new prospects, you would have {claimed} names "
        "after {months} months; your clients' referrals actually name {named} new people, "
        "because a referral names a few people ({per} on average), not a whole circle, and "
        "{wasted} of the names were people you had already reached.",
        "Si chaque nouveau client apportait {sphere} nouveaux prospects, vous auriez {claimed} "
        "noms au bout de {months} mois ; les recommandations de vos clients en citent en "
        "réalité {named} nouveaux, car une recommandation cite quelques personnes ({per} en "
        "moyenne), pas tout un entourage, et {wasted} des noms cités étaient déjà connus.",
        "Se ogni nuovo cliente portasse {sphere} nuovi prospect, avresti {claimed} nomi dopo "
        "{months} mesi; i referral dei tuoi clienti ne segnalano in realtà {named} nuovi, "
        "perché un referral indica poche persone ({per} in media), non tutta una cerchia, e "
        "{wasted} dei nomi segnalati li conoscevi già."),
    "sim.headline.none": _s(
        "Your clients' referrals win no new client in {months} months here, so the claim of "
        "{sphere} new prospects per new client adds no one.",
        "Ici les recommandations de vos clients ne gagnent aucun nouveau client en {months} "
        "mois : l'affirmation de {sphere} nouveaux prospects par nouveau client n'ajoute "
        "personne.",
        "Qui i referral dei tuoi clienti non portano nessun nuovo cliente in {months} mesi: "
        "l'affermazione di {sphere} nuovi prospect per nuovo cliente non aggiunge nessuno."),
    "sim.claim.caption": _s(
        "If {conversion} of them signed, the {claimed} names would give {claimed_clients} "
        "clients; the {named} real ones gave {clients}.",
        "Si {conversion} d'entre eux signaient, les {claimed} noms donneraient "
        "{claimed_clients} clients ; les {named} noms réels en ont donné {clients}.",
        "Se firmasse il {conversion} di loro, i {claimed} nomi darebbero {claimed_clients} "
        "clienti; i {named} nomi reali ne hanno dati {clients}."),
    "sim.how": _s("How it is computed", "Comment c'est calculé", "Come viene calcolato"),
    "sim.how.text": _s(
        "- **The claim**: {sphere} × the clients won by referral so far (the text's 250 new "
        "prospects per new client), and those names × the conversion ({conversion}).\n"
        "- **The simulation**: people named by referrals who were new (not a client, a former "
        "client or already approached), and the clients won; medians of {runs} simulations on "
        "a network of {market} people who each know {sphere}.\n"
        "- **Patience**: patient minus eager asking at month {months}, paired simulation by "
        "simulation (the same clients and the same luck): median {gap}, 8 simulations in 10 "
        "between {low} and {high}, patience ahead in {share} of them. Relationships lost: "
        "clients who left after an early ask plus clients who stopped referring because of "
        "one.\n"
        "- More in the charts below and in *Look closer*.",
        "- **L'affirmation** : {sphere} × les clients gagnés par recommandation jusque-là (les "
        "250 nouveaux prospects par nouveau client du texte), et ces noms × la conversion "
        "({conversion}).\n"
        "- **La simulation** : les personnes citées par les recommandations qui étaient "
        "nouvelles (ni clientes, ni anciennes clientes, ni déjà approchées), et les clients "
        "gagnés ; médianes de {runs} simulations sur un réseau de {market} personnes qui en "
        "connaissent chacune {sphere}.\n"
        "- **La patience** : demandes au bon moment moins demandes pressées au mois {months}, "
        "simulation par simulation (mêmes clients, même hasard) : médiane {gap}, 8 simulations "
        "sur 10 entre {low} et {high}, la patience devant dans {share} des cas. Relations "
        "gâchées : clients partis après une demande prématurée et clients qui ne recommandent "
        "plus à cause d'elle.\n"
        "- Le détail dans les graphiques ci-dessous et dans *Regarder de plus près*.",
        "- **L'affermazione**: {sphere} × i clienti acquisiti con i referral fin lì (i 250 "
        "nuovi prospect per nuovo cliente del testo), e quei nomi × la conversione "
        "({conversion}).\n"
        "- **La simulazione**: le persone segnalate dai referral che erano nuove (non clienti, "
        "non ex clienti, non già contattate), e i clienti acquisiti; mediane di {runs} "
        "simulazioni su una rete di {market} persone che ne conoscono ciascuna {sphere}.\n"
        "- **La pazienza**: richieste al momento giusto meno richieste impazienti al mese "
        "{months}, simulazione per simulazione (stessi clienti, stessa fortuna): mediana {gap}, "
        "8 simulazioni su 10 tra {low} e {high}, pazienza in vantaggio nel {share} dei casi. "
        "Rapporti bruciati: clienti andati via dopo una richiesta prematura e clienti che non "
        "segnalano più per colpa sua.\n"
        "- Il dettaglio nei grafici qui sotto e in *Guarda più da vicino*."),
    "sim.reff.paradox": _s(
        "Eager asking shows more clients won per client lost ({value} against {patient}) with "
        "fewer clients: that figure counts only ordinary departures, not the clients an early "
        "ask drives away.",
        "Les demandes pressées affichent plus de clients gagnés par départ ({value} contre "
        "{patient}) avec moins de clients : ce chiffre ne compte que les départs ordinaires, "
        "pas les clients qu'une demande prématurée fait fuir.",
        "Le richieste impazienti mostrano più nuovi clienti per ogni uscita ({value} contro "
        "{patient}) con meno clienti: quel numero conta solo le uscite ordinarie, non i clienti "
        "che una richiesta prematura fa scappare."),
    "sim.group": _s("Settings", "Réglages", "Impostazioni"),
    "sim.chart.claim": _s("The {sphere} claim and your referrals",
                          "Les {sphere} promis et vos recommandations",
                          "I {sphere} promessi e i tuoi referral"),
    "sim.claim.claimed": _s("Names if each new client brought {sphere}",
                            "Noms si chaque nouveau client en apportait {sphere}",
                            "Nomi se ogni nuovo cliente ne portasse {sphere}"),
    "sim.claim.named": _s("New people your referrals named",
                          "Nouvelles personnes citées par vos recommandations",
                          "Persone nuove segnalate dai tuoi referral"),
    "sim.claim.claimed_clients": _s("Clients those names would give",
                                    "Clients que ces noms donneraient",
                                    "Clienti che quei nomi darebbero"),
    "sim.claim.clients": _s("Clients your referrals won", "Clients gagnés par recommandation",
                            "Clienti acquisiti con i referral"),
    "sim.log": _s("Log scale", "Échelle logarithmique", "Scala logaritmica"),
    "sim.log.help": _s(
        "On a log scale an exponential is a straight line: see where the naive curve and the "
        "simulation part, and the market's ceiling.",
        "En échelle logarithmique une exponentielle est une droite : voyez où la courbe naïve "
        "et la simulation se séparent, et le plafond du marché.",
        "In scala logaritmica un'esponenziale è una retta: guarda dove la curva ingenua e la "
        "simulazione si separano, e il tetto del mercato."),
    "sim.network_note": _s(
        "Simulated on a sampled network of {market} people who each know {sphere}; measured "
        "clustering {clustering} (the share of someone's acquaintance pairs who know each "
        "other).",
        "Simulé sur un réseau tiré au hasard de {market} personnes qui en connaissent chacune "
        "{sphere} ; regroupement mesuré {clustering} (part des paires de connaissances d'une "
        "personne qui se connaissent).",
        "Simulato su una rete campionata di {market} persone che ne conoscono ciascuna "
        "{sphere}; raggruppamento misurato {clustering} (quota delle coppie di conoscenti di "
        "una persona che si conoscono)."),
    "sim.detail": _s("Look closer", "Regarder de plus près", "Guarda più da vicino"),
    "sim.tab.reff": _s("Reproduction number", "Nombre de reproduction", "Numero di riproduzione"),
    "sim.tab.sphere": _s("250 prospects per client?", "250 prospects par client ?",
                         "250 prospect per cliente?"),
    "sim.tab.cascade": _s("Referral cascade", "Cascade de recommandations", "Cascata di referral"),
    "sim.tab.bass": _s("Bass curve", "Courbe de Bass", "Curva di Bass"),
    "sim.tab.table": _s("Table", "Tableau", "Tabella"),
    "sim.sphere.caption": _s(
        "In this run each new client added {per_client} new prospects on average, not {sphere}: "
        "their acquaintances were mostly known already.",
        "Dans cette simulation chaque nouveau client a ajouté {per_client} nouveaux prospects en "
        "moyenne, pas {sphere} : ses connaissances étaient déjà pour la plupart connues.",
        "In questa simulazione ogni nuovo cliente ha aggiunto in media {per_client} nuovi "
        "prospect, non {sphere}: le sue conoscenze erano già in gran parte note."),
    "sim.bass.none": _s("No growth to fit a Bass curve to.",
                        "Pas de croissance à ajuster par une courbe de Bass.",
                        "Nessuna crescita da adattare con una curva di Bass."),
    "sim.bass.caption": _s(
        "Bass diffusion fitted to the median adoption: innovation p = {p} and imitation q = "
        "{q} per month, potential {m} adopters. {identified}The simulator grows only by "
        "referral, so p stays near 0 and q carries the growth.",
        "Diffusion de Bass ajustée à l'adoption médiane : innovation p = {p} et imitation q = "
        "{q} par mois, potentiel {m} adoptants. {identified}Le simulateur ne croît que par "
        "recommandation : p reste proche de 0 et q porte la croissance.",
        "Diffusione di Bass adattata all'adozione mediana: innovazione p = {p} e imitazione "
        "q = {q} al mese, potenziale {m} adottanti. {identified}Il simulatore cresce solo per "
        "referral, quindi p resta vicino a 0 e q porta la crescita."),
    "sim.bass.m_bound": _s(
        "The potential sits at the market size: growth is still in its early phase, so the "
        "ceiling is not visible yet. ",
        "Le potentiel est égal à la taille du marché : la croissance est encore à ses débuts, "
        "le plafond n'est pas encore visible. ",
        "Il potenziale coincide con la dimensione del mercato: la crescita è ancora agli "
        "inizi, il tetto non è ancora visibile. "),
    # ------------------------------------------------------------------ charts
    "sim.chart.growth": _s("Active clients by ask policy", "Clients actifs selon la demande",
                           "Clienti attivi per politica di richiesta"),
    "sim.chart.reff": _s("Effective referral reproduction number",
                         "Nombre de reproduction effectif des recommandations",
                         "Numero di riproduzione effettivo dei referral"),
    "sim.chart.sphere": _s("The claim against the network: prospects in reach ({policy}, one run)",
                           "L'affirmation face au réseau : prospects à portée ({policy}, une simulation)",
                           "L'affermazione contro la rete: prospect a portata ({policy}, una "
                           "simulazione)"),
    "sim.chart.cascade": _s("One run's referral cascade ({clients} clients, {policy})",
                            "Cascade de recommandations d'une simulation ({clients} clients, {policy})",
                            "Cascata di referral di una simulazione ({clients} clienti, {policy})"),
    "sim.chart.bass": _s("Cumulative adoption and fitted Bass curve ({policy})",
                         "Adoption cumulée et courbe de Bass ajustée ({policy})",
                         "Adozione cumulata e curva di Bass adattata ({policy})"),
    "sim.axis.month": _s("Months from today", "Mois à partir d'aujourd'hui", "Mesi da oggi"),
    "sim.axis.month_joined": _s("Month the client signed (0 = today's clients)",
                                "Mois de signature (0 = clients actuels)",
                                "Mese della firma (0 = clienti attuali)"),
    "sim.axis.clients": _s("Active clients", "Clients actifs", "Clienti attivi"),
    "sim.axis.adopters": _s("Clients ever (cumulative)", "Clients cumulés", "Clienti cumulati"),
    "sim.axis.people": _s("People", "Personnes", "Persone"),
    "sim.axis.reff": _s("Clients won per client churned", "Clients gagnés par client perdu",
                        "Clienti acquisiti per cliente perso"),
    "sim.axis.lineage": _s("Lineages (a starting client and those it brought)",
                           "Lignées (un client de départ et ceux qu'il a amenés)",
                           "Lignaggi (un cliente iniziale e quelli che ha portato)"),
    "sim.band": _s("10–90 % of runs", "10–90 % des simulations", "10–90 % delle simulazioni"),
    "sim.naive": _s("Naive: every referral reaches someone new",
                    "Naïf : chaque recommandation touche quelqu'un de nouveau",
                    "Ingenuo: ogni referral raggiunge qualcuno di nuovo"),
    "sim.market_line": _s("Market: {market} people", "Marché : {market} personnes",
                          "Mercato: {market} persone"),
    "sim.reff.one": _s("1: referral just replaces churn", "1 : la recommandation compense "
                       "juste l'attrition", "1: il referral compensa appena l'abbandono"),
    "sim.sphere.claimed": _s("Claimed: {sphere} prospects per client",
                             "Affirmé : {sphere} prospects par client",
                             "Affermato: {sphere} prospect per cliente"),
    "sim.sphere.actual": _s("Distinct people the clients know",
                            "Personnes distinctes que les clients connaissent",
                            "Persone distinte che i clienti conoscono"),
    "sim.cascade.referral": _s("Referral", "Recommandation", "Referral"),
    "sim.cascade.generation": _s("Generation", "Génération", "Generazione"),
    "sim.bass.simulated": _s("Simulated (median)", "Simulé (médiane)", "Simulato (mediana)"),
    "sim.bass.fitted": _s("Bass fit (p = {p}, q = {q})", "Ajustement de Bass (p = {p}, q = {q})",
                          "Adattamento di Bass (p = {p}, q = {q})"),
    # ------------------------------------------------------------------ CSV columns
    "sim.csv.policy": _s("Policy", "Façon de demander", "Politica"),
    "sim.csv.month": _s("Month", "Mois", "Mese"),
    "sim.csv.active_low": _s("Active clients, 10 %", "Clients actifs, 10 %", "Clienti attivi, 10 %"),
    "sim.csv.active_median": _s("Active clients, median", "Clients actifs, médiane",
                                "Clienti attivi, mediana"),
    "sim.csv.active_high": _s("Active clients, 90 %", "Clients actifs, 90 %", "Clienti attivi, 90 %"),
    "sim.csv.naive": _s("Naive curve", "Courbe naïve", "Curva ingenua"),
    "sim.csv.new_clients": _s("New clients (mean)", "Nouveaux clients (moyenne)",
                              "Nuovi clienti (media)"),
    "sim.csv.named": _s("People referred (mean)", "Personnes recommandées (moyenne)",
                        "Persone segnalate (media)"),
    "sim.csv.wasted": _s("Wasted referrals (mean)", "Recommandations perdues (moyenne)",
                         "Referral sprecati (media)"),
    "sim.csv.burned": _s("Relationships lost (mean)", "Relations gâchées (moyenne)",
                         "Rapporti bruciati (media)"),
    "sim.csv.churned": _s("Clients churned (mean)", "Clients partis (moyenne)",
                          "Clienti persi (media)"),
    "sim.csv.r_eff": _s("Reproduction number", "Nombre de reproduction", "Numero di riproduzione"),
    "sim.csv.doubling_time": _s("Doubling time (months)", "Temps de doublement (mois)",
                                "Tempo di raddoppio (mesi)"),
    "sim.csv.penetration": _s("Market penetration", "Pénétration du marché",
                              "Penetrazione del mercato"),
}
