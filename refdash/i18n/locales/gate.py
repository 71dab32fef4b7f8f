"""Strings of the gate check (is the trust threshold right for these clients?): the sentences,
the chart, the tables, the ``gate-check`` command and its errors."""

STRINGS: dict[str, dict[str, str]] = {
    "gate.title": {
        "en": "Is the gate right for your clients?",
        "fr": "Le seuil convient-il à vos clients ?",
        "it": "La soglia è giusta per i tuoi clienti?",
    },
    "gate.intro": {
        "en": "Every referral ask you recorded, by the client's trust at that moment: was it "
              "followed by a referral from that client within {days} days? Checked against your "
              "own history, not the defaults.",
        "fr": "Chaque demande de recommandation enregistrée, selon la confiance du client à ce "
              "moment : a-t-elle été suivie d'une recommandation de ce client dans les {days} "
              "jours ? Vérifié sur votre propre historique, pas sur les valeurs par défaut.",
        "it": "Ogni richiesta di referral registrata, secondo la fiducia del cliente in quel "
              "momento: è stata seguita da un referral di quel cliente entro {days} giorni? "
              "Verificato sulla tua storia, non sui valori predefiniti.",
    },
    "gate.sentence.split": {
        "en": "Asks at trust {threshold} or more were followed by a referral {rate} of the time "
              "({low}–{high}); below {threshold}, {rate_below} ({low_below}–{high_below}).",
        "fr": "Les demandes faites à une confiance de {threshold} ou plus ont été suivies d'une "
              "recommandation dans {rate} des cas ({low}–{high}) ; en dessous de {threshold}, "
              "dans {rate_below} des cas ({low_below}–{high_below}).",
        "it": "Le richieste fatte con fiducia pari o superiore a {threshold} sono state seguite "
              "da un referral nel {rate} dei casi ({low}–{high}); sotto {threshold}, nel "
              "{rate_below} ({low_below}–{high_below}).",
    },
    "gate.sentence.no_asks": {
        "en": "No answered asks yet: nothing to check the threshold against.",
        "fr": "Aucune demande arrivée à échéance pour l'instant : rien pour vérifier le seuil.",
        "it": "Ancora nessuna richiesta con esito: niente su cui verificare la soglia.",
    },
    "gate.sentence.suggest": {
        "en": "Your history supports a threshold of {suggested} ({level} range {low}–{high}, "
              "from {asks} asks) rather than {threshold}.",
        "fr": "Votre historique plaide pour un seuil de {suggested} (fourchette à {level} : "
              "{low}–{high}, sur {asks} demandes) plutôt que {threshold}.",
        "it": "La tua storia indica una soglia di {suggested} (intervallo al {level}: "
              "{low}–{high}, su {asks} richieste) anziché {threshold}.",
    },
    "gate.sentence.same": {
        "en": "Your history supports the current threshold {threshold} ({level} range "
              "{low}–{high}, from {asks} asks).",
        "fr": "Votre historique confirme le seuil actuel de {threshold} (fourchette à {level} : "
              "{low}–{high}, sur {asks} demandes).",
        "it": "La tua storia conferma la soglia attuale di {threshold} (intervallo al {level}: "
              "{low}–{high}, su {asks} richieste).",
    },
    "gate.sentence.too_few": {
        "en": "With too few asks the default stands: {asks} answered asks, a suggestion needs "
              "at least {minimum}. The threshold stays at {threshold}.",
        "fr": "Trop peu de demandes : le seuil par défaut reste. {asks} demandes arrivées à "
              "échéance, il en faut au moins {minimum} pour proposer un seuil. Il reste à "
              "{threshold}.",
        "it": "Troppe poche richieste: resta la soglia predefinita. {asks} richieste con esito, "
              "ne servono almeno {minimum} per proporre una soglia. Resta a {threshold}.",
    },
    "gate.sentence.no_step": {
        "en": "In your history, asks at higher trust were not followed by a referral more often "
              "(with at least {per_side} asks on each side): no threshold to suggest, "
              "{threshold} stands.",
        "fr": "Dans votre historique, les demandes faites à une confiance plus élevée n'ont pas "
              "été suivies plus souvent d'une recommandation (avec au moins {per_side} demandes "
              "de chaque côté) : aucun seuil à proposer, {threshold} reste.",
        "it": "Nella tua storia, le richieste fatte con fiducia più alta non sono state seguite "
              "più spesso da un referral (con almeno {per_side} richieste per lato): nessuna "
              "soglia da proporre, resta {threshold}.",
    },
    "gate.sentence.backtest": {
        "en": "Had the gate been followed, {early} early asks would have waited: {early_lost} "
              "of them were followed by the client's loss within {months} months, "
              "{early_referrals} by a referral. The {ready} asks made when the client was ready "
              "brought {ready_referrals} referrals ({ready_rate}), the early ones "
              "{early_rate}.",
        "fr": "Si le seuil avait été respecté, {early} demandes prématurées auraient attendu : "
              "{early_lost} d'entre elles ont été suivies de la perte du client dans les "
              "{months} mois, {early_referrals} d'une recommandation. Les {ready} demandes "
              "faites quand le client était prêt ont apporté {ready_referrals} recommandations "
              "({ready_rate}), les prématurées {early_rate}.",
        "it": "Se la soglia fosse stata rispettata, {early} richieste premature avrebbero "
              "aspettato: {early_lost} sono state seguite dalla perdita del cliente entro "
              "{months} mesi, {early_referrals} da un referral. Le {ready} richieste fatte "
              "quando il cliente era pronto hanno portato {ready_referrals} referral "
              "({ready_rate}), quelle premature il {early_rate}.",
    },
    "gate.sentence.pending": {
        "en": "{pending} asks of the last {days} days are left out: their answer window is "
              "still open.",
        "fr": "{pending} demandes des {days} derniers jours sont laissées de côté : le délai de "
              "réponse court encore.",
        "it": "{pending} richieste degli ultimi {days} giorni sono escluse: il tempo per la "
              "risposta non è ancora scaduto.",
    },
    "gate.sentence.caveat": {
        "en": "This compares what happened; it cannot say what the early asks would have "
              "brought had they waited.",
        "fr": "C'est une comparaison de ce qui s'est passé : elle ne dit pas ce que les "
              "demandes prématurées auraient apporté si elles avaient attendu.",
        "it": "È un confronto di ciò che è successo: non dice cosa avrebbero portato le "
              "richieste premature se avessero aspettato.",
    },
    "gate.apply": {
        "en": "Use the suggested threshold {threshold}",
        "fr": "Appliquer le seuil proposé ({threshold})",
        "it": "Applica la soglia proposta ({threshold})",
    },
    "gate.chart.title": {
        "en": "Asks followed by a referral, by trust at the ask",
        "fr": "Demandes suivies d'une recommandation, selon la confiance au moment de la demande",
        "it": "Richieste seguite da un referral, secondo la fiducia al momento della richiesta",
    },
    "gate.chart.x": {"en": "Trust at the ask", "fr": "Confiance au moment de la demande",
                     "it": "Fiducia al momento della richiesta"},
    "gate.chart.y": {
        "en": "Followed by a referral within {days} days",
        "fr": "Suivies d'une recommandation sous {days} jours",
        "it": "Seguite da un referral entro {days} giorni",
    },
    "gate.chart.rate": {"en": "Share followed by a referral ({level} interval)",
                        "fr": "Part suivie d'une recommandation (intervalle à {level})",
                        "it": "Quota seguita da un referral (intervallo al {level})"},
    "gate.chart.current": {"en": "Current threshold {threshold}",
                           "fr": "Seuil actuel {threshold}", "it": "Soglia attuale {threshold}"},
    "gate.chart.suggested": {"en": "Suggested {threshold}", "fr": "Proposé {threshold}",
                             "it": "Proposta {threshold}"},
    "gate.chart.hover": {
        "en": "{asks} asks, {hits} followed by a referral: {rate} ({low}–{high})",
        "fr": "{asks} demandes, {hits} suivies d'une recommandation : {rate} ({low}–{high})",
        "it": "{asks} richieste, {hits} seguite da un referral: {rate} ({low}–{high})",
    },
    "gate.col.band": {"en": "Trust at the ask", "fr": "Confiance à la demande",
                      "it": "Fiducia alla richiesta"},
    "gate.col.group": {"en": "Asks", "fr": "Demandes", "it": "Richieste"},
    "gate.col.asks": {"en": "Answered asks", "fr": "Demandes échues",
                      "it": "Richieste con esito"},
    "gate.col.followed": {"en": "Followed by a referral", "fr": "Suivies d'une recommandation",
                          "it": "Seguite da un referral"},
    "gate.col.rate": {"en": "Rate", "fr": "Taux", "it": "Tasso"},
    "gate.col.interval": {"en": "{level} interval", "fr": "Intervalle à {level}",
                          "it": "Intervallo al {level}"},
    "gate.col.lost": {"en": "Client lost within {months} months",
                      "fr": "Client perdu sous {months} mois",
                      "it": "Cliente perso entro {months} mesi"},
    "gate.col.declined": {"en": "Declined", "fr": "Refusées", "it": "Rifiutate"},
    "gate.col.no_answer": {"en": "Nothing recorded", "fr": "Rien d'enregistré",
                           "it": "Niente di registrato"},
    "gate.col.pending": {"en": "Still open", "fr": "En cours", "it": "In corso"},
    "gate.row.ready": {"en": "Made when ready", "fr": "Faites quand le client était prêt",
                       "it": "Fatte quando il cliente era pronto"},
    "gate.row.early": {"en": "Early", "fr": "Prématurées", "it": "Premature"},
    "gate.interval": {"en": "{low}–{high}", "fr": "{low}–{high}", "it": "{low}–{high}"},
    "gate.cli.bands": {"en": "Asks by trust at the ask", "fr": "Demandes par confiance",
                       "it": "Richieste per fiducia"},
    "gate.cli.totals": {"en": "Ready and early asks", "fr": "Demandes au bon moment et "
                        "prématurées", "it": "Richieste al momento giusto e premature"},
    "error.gate.no_store": {
        "en": "No store at {path}: create one with `python -m refdash demo` or import your data.",
        "fr": "Aucune base à {path} : créez-en une avec `python -m refdash demo` ou importez "
              "vos données.",
        "it": "Nessun archivio in {path}: creane uno con `python -m refdash demo` o importa i "
              "tuoi dati.",
    },
    "error.gate.unknown_owner": {
        "en": "No sales lead named {owner} in this store (known: {owners}).",
        "fr": "Aucun commercial nommé {owner} dans cette base (connus : {owners}).",
        "it": "Nessun commerciale di nome {owner} in questo archivio (noti: {owners}).",
    },
}
