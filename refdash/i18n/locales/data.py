"""Strings of the Data page and of imports, exports and backups (page and command line)."""

STRINGS: dict[str, dict[str, str]] = {
    # ------------------------------------------------------------------ page
    "data.title": {"en": "Data", "fr": "Données", "it": "Dati"},
    "data.intro": {
        "en": "Bring your clients from your CRM or a spreadsheet, log what happens with them, "
              "and take your data with you (export and backup). Nothing is written before "
              "you have seen what will be.",
        "fr": "Importez vos clients depuis votre CRM ou un tableur, notez ce qui se passe avec "
              "eux et emportez vos données (export et sauvegarde). Rien n'est écrit avant que "
              "vous ayez vu ce qui le sera.",
        "it": "Porta i tuoi clienti dal CRM o da un foglio di calcolo, registra cosa succede "
              "con loro e porta via i tuoi dati (esportazione e backup). Nulla viene scritto "
              "prima che tu abbia visto cosa sarà scritto.",
    },
    "data.tab.import": {"en": "Import a file", "fr": "Importer un fichier",
                        "it": "Importa un file"},
    "data.tab.log": {"en": "Log an event", "fr": "Noter un événement",
                     "it": "Registra un evento"},
    "data.tab.client": {"en": "Add a client", "fr": "Ajouter un client",
                        "it": "Aggiungi un cliente"},
    "data.tab.export": {"en": "Export and backup", "fr": "Export et sauvegarde",
                        "it": "Esportazione e backup"},

    # ------------------------------------------------------------------ import: steps
    "data.import.kind": {"en": "What the file holds", "fr": "Contenu du fichier",
                         "it": "Contenuto del file"},
    "data.import.kind.clients": {"en": "Clients", "fr": "Clients", "it": "Clienti"},
    "data.import.kind.events": {"en": "Events", "fr": "Événements", "it": "Eventi"},
    "data.import.kind.referrals": {"en": "Referrals", "fr": "Recommandations",
                                   "it": "Referral"},
    "data.import.expects.clients": {
        "en": "One row per client: an id from your CRM, a name (or first and last name, or a "
              "company), the owner, and the date they became a client. Other columns are kept "
              "with the client.",
        "fr": "Une ligne par client : un identifiant de votre CRM, un nom (ou prénom et nom, ou "
              "une entreprise), le commercial et la date à laquelle il est devenu client. Les "
              "autres colonnes sont gardées avec le client.",
        "it": "Una riga per cliente: un ID del CRM, un nome (o nome e cognome, o un'azienda), il "
              "responsabile e la data in cui è diventato cliente. Le altre colonne restano con "
              "il cliente.",
    },
    "data.import.expects.events": {
        "en": "One row per event: the client's id from your CRM (as in the clients file), a "
              "date and what happened (meeting, delivery, promise kept or broken, satisfaction "
              "with a score from 0 to 10, complaint, referral ask, referral declined, lost). "
              "Import the clients first.",
        "fr": "Une ligne par événement : l'identifiant du client dans votre CRM (comme dans le "
              "fichier des clients), une date et ce qui s'est passé (rendez-vous, livraison, "
              "promesse tenue ou non, satisfaction avec une note de 0 à 10, réclamation, demande "
              "de recommandation, recommandation refusée, client perdu). Importez d'abord les "
              "clients.",
        "it": "Una riga per evento: l'ID del cliente nel CRM (come nel file dei clienti), una "
              "data e cosa è successo (incontro, consegna, promessa mantenuta o no, "
              "soddisfazione con un voto da 0 a 10, reclamo, richiesta di referral, "
              "referral rifiutato, cliente perso). Importa prima i clienti.",
    },
    "data.import.expects.referrals": {
        "en": "One row per referral: the id of the client who referred (as in the clients "
              "file), a date, the prospect's name, whether you had asked, and the outcome "
              "(open, converted with the new client's id, or lost). Import the clients first.",
        "fr": "Une ligne par recommandation : l'identifiant du client qui recommande (comme "
              "dans le fichier des clients), une date, le nom du prospect, si vous l'aviez "
              "demandée, et l'issue (ouverte, convertie avec l'identifiant du nouveau client, "
              "ou perdue). Importez d'abord les clients.",
        "it": "Una riga per referral: l'ID del cliente che ha segnalato (come nel file dei "
              "clienti), una data, il nome del prospect, se lo avevi chiesto e "
              "l'esito (aperto, convertito con l'ID del nuovo cliente, o perso). Importa prima "
              "i clienti.",
    },
    "data.import.file": {"en": "CSV or Excel file", "fr": "Fichier CSV ou Excel",
                         "it": "File CSV o Excel"},
    "data.import.file_help": {
        "en": "A CSV export of your CRM (HubSpot, Salesforce, Pipedrive, Zoho…) or an Excel "
              "workbook (.xlsx). Delimiter, encoding, date format and decimal commas are "
              "detected.",
        "fr": "Un export CSV de votre CRM (HubSpot, Salesforce, Pipedrive, Zoho…) ou un classeur "
              "Excel (.xlsx). Le séparateur, l'encodage, le format des dates et les virgules "
              "décimales sont détectés.",
        "it": "Un'esportazione CSV del tuo CRM (HubSpot, Salesforce, Pipedrive, Zoho…) o una "
              "cartella di lavoro Excel (.xlsx). Separatore, codifica, formato delle date e "
              "virgole decimali vengono rilevati.",
    },
    "data.import.read_csv": {
        "en": "{file}: CSV, {rows} rows, {columns} columns, encoding {encoding}, "
              "delimiter {delimiter}.",
        "fr": "{file} : CSV, {rows} lignes, {columns} colonnes, encodage {encoding}, "
              "séparateur {delimiter}.",
        "it": "{file}: CSV, {rows} righe, {columns} colonne, codifica {encoding}, "
              "separatore {delimiter}.",
    },
    "data.import.read_xlsx": {
        "en": "{file}: Excel workbook, sheet “{sheet}”, {rows} rows, {columns} columns.",
        "fr": "{file} : classeur Excel, feuille « {sheet} », {rows} lignes, {columns} colonnes.",
        "it": "{file}: cartella Excel, foglio «{sheet}», {rows} righe, {columns} colonne.",
    },
    "data.import.reading": {"en": "Reading the file…", "fr": "Lecture du fichier…",
                            "it": "Lettura del file…"},
    "data.import.checking": {"en": "Checking every row…", "fr": "Vérification de chaque ligne…",
                             "it": "Controllo di ogni riga…"},
    "data.import.writing": {"en": "Writing {share} of the rows…",
                            "fr": "Écriture de {share} des lignes…",
                            "it": "Scrittura di {share} delle righe…"},
    "data.import.mapping": {"en": "Which column feeds which field",
                            "fr": "Quelle colonne alimente quel champ",
                            "it": "Quale colonna alimenta quale campo"},
    "data.import.mapping_help": {
        "en": "Suggested from the headers; change any choice, then check again. Columns that "
              "feed no field are kept with each row as extra attributes unless you leave them "
              "out.",
        "fr": "Proposé d'après les en-têtes ; changez n'importe quel choix, puis vérifiez à "
              "nouveau. Les colonnes qui n'alimentent aucun champ sont gardées avec chaque "
              "ligne comme attributs supplémentaires, sauf si vous les écartez.",
        "it": "Suggerito dalle intestazioni; cambia qualsiasi scelta, poi controlla di nuovo. "
              "Le colonne che non alimentano alcun campo restano con ogni riga come attributi "
              "aggiuntivi, a meno che tu non le escluda.",
    },
    "data.import.example": {"en": "Example from the file: {value}",
                            "fr": "Exemple tiré du fichier : {value}",
                            "it": "Esempio dal file: {value}"},
    "data.import.using_saved": {
        "en": "Using the mapping “{name}” saved for files with these columns.",
        "fr": "Correspondance « {name} » enregistrée pour les fichiers avec ces colonnes.",
        "it": "Uso la corrispondenza «{name}» salvata per i file con queste colonne.",
    },
    "data.import.default_owner": {"en": "Owner when the file names none",
                                  "fr": "Commercial quand le fichier n'en indique pas",
                                  "it": "Commerciale quando il file non lo indica"},
    "data.import.default_owner_help": {
        "en": "Fills the owner of rows where it is empty (or of every row when no column "
              "holds it), e.g. your own name.",
        "fr": "Remplit le commercial des lignes où il est vide (ou de toutes les lignes si "
              "aucune colonne ne le contient), par exemple votre nom.",
        "it": "Compila il commerciale delle righe in cui è vuoto (o di tutte le righe se "
              "nessuna colonna lo contiene), per esempio il tuo nome.",
    },
    "data.import.date_order": {"en": "Dates like 03/04/2024", "fr": "Dates comme 03/04/2024",
                               "it": "Date come 03/04/2024"},
    "data.import.date_order.auto": {
        "en": "Detect (day first unless the file proves otherwise)",
        "fr": "Détecter (jour d'abord sauf si le fichier prouve le contraire)",
        "it": "Rileva (prima il giorno, salvo prova contraria nel file)",
    },
    "data.import.date_order.day": {"en": "Day first (3 April)", "fr": "Jour d'abord (3 avril)",
                                   "it": "Prima il giorno (3 aprile)"},
    "data.import.date_order.month": {"en": "Month first (4 March)",
                                     "fr": "Mois d'abord (4 mars)",
                                     "it": "Prima il mese (4 marzo)"},
    "data.import.mapping_name": {"en": "Save this mapping as",
                                 "fr": "Enregistrer cette correspondance sous",
                                 "it": "Salva questa corrispondenza come"},
    "data.import.mapping_name_help": {
        "en": "The next file with the same columns gets this mapping without asking.",
        "fr": "Le prochain fichier avec les mêmes colonnes recevra cette correspondance "
              "sans rien demander.",
        "it": "Il prossimo file con le stesse colonne riceverà questa corrispondenza senza "
              "chiedere.",
    },
    "data.import.check": {"en": "Apply the mapping and check",
                          "fr": "Appliquer la correspondance et vérifier",
                          "it": "Applica la corrispondenza e controlla"},
    "data.import.rows": {"en": "Rows in the file", "fr": "Lignes du fichier",
                         "it": "Righe del file"},
    "data.import.valid": {"en": "Valid rows", "fr": "Lignes valides", "it": "Righe valide"},
    "data.import.rejected": {"en": "Rejected rows", "fr": "Lignes rejetées",
                             "it": "Righe scartate"},
    "data.import.date_formats": {"en": "Dates read as: {formats}.",
                                 "fr": "Dates lues comme : {formats}.",
                                 "it": "Date lette come: {formats}."},
    "data.import.format.iso": {"en": "year-month-day", "fr": "année-mois-jour",
                               "it": "anno-mese-giorno"},
    "data.import.format.dmy": {"en": "day/month/year", "fr": "jour/mois/année",
                               "it": "giorno/mese/anno"},
    "data.import.format.mdy": {"en": "month/day/year", "fr": "mois/jour/année",
                               "it": "mese/giorno/anno"},
    "data.import.format.excel": {"en": "Excel serial numbers", "fr": "numéros de série Excel",
                                 "it": "numeri seriali di Excel"},
    "data.import.kept": {
        "en": "Kept with each row as extra attributes: {columns}.",
        "fr": "Gardées avec chaque ligne comme attributs supplémentaires : {columns}.",
        "it": "Conservate con ogni riga come attributi aggiuntivi: {columns}.",
    },
    "data.import.dropped": {"en": "Left out: {columns}.", "fr": "Écartées : {columns}.",
                            "it": "Escluse: {columns}."},
    "data.import.note.bidi_removed": {
        "en": "Right-to-left and left-to-right control characters were removed from names "
              "(they make a name display as another).",
        "fr": "Les caractères de contrôle de sens d'écriture ont été retirés des noms (ils font "
              "s'afficher un nom comme un autre).",
        "it": "I caratteri di controllo della direzione del testo sono stati tolti dai nomi "
              "(fanno apparire un nome come un altro).",
    },
    "data.import.note.solicited_default": {
        "en": "No column says whether a referral was asked for: they are imported as "
              "unsolicited.",
        "fr": "Aucune colonne n'indique si une recommandation a été demandée : elles sont "
              "importées comme spontanées.",
        "it": "Nessuna colonna dice se un referral è stato chiesto: vengono importati come "
              "spontanei.",
    },
    "data.import.problems": {
        "en": "{count} rows have problems. Fix them in the file and import it again, or "
              "import the valid rows now and download the rejected ones.",
        "fr": "{count} lignes ont des problèmes. Corrigez-les dans le fichier et importez-le à "
              "nouveau, ou importez maintenant les lignes valides et téléchargez les rejetées.",
        "it": "{count} righe hanno problemi. Correggile nel file e importalo di nuovo, oppure "
              "importa ora le righe valide e scarica quelle scartate.",
    },
    "data.import.problems_shown": {
        "en": "Showing the first {shown} of {count} problems; the rejected rows file lists all.",
        "fr": "Les {shown} premiers des {count} problèmes sont affichés ; le fichier des lignes "
              "rejetées les liste tous.",
        "it": "Mostrati i primi {shown} di {count} problemi; il file delle righe scartate li "
              "elenca tutti.",
    },
    "data.import.all_valid": {
        "en": "Every row is valid.", "fr": "Toutes les lignes sont valides.",
        "it": "Tutte le righe sono valide.",
    },
    "data.import.preview": {"en": "What will be imported (first rows)",
                            "fr": "Ce qui sera importé (premières lignes)",
                            "it": "Cosa verrà importato (prime righe)"},
    "data.import.col.file": {"en": "File", "fr": "Fichier", "it": "File"},
    "data.import.col.row": {"en": "Row", "fr": "Ligne", "it": "Riga"},
    "data.import.col.column": {"en": "Column", "fr": "Colonne", "it": "Colonna"},
    "data.import.col.value": {"en": "Value", "fr": "Valeur", "it": "Valore"},
    "data.import.col.problem": {"en": "What is wrong", "fr": "Ce qui ne va pas",
                                "it": "Cosa non va"},
    "data.import.go_all": {"en": "Import the {count} rows", "fr": "Importer les {count} lignes",
                           "it": "Importa le {count} righe"},
    "data.import.go_valid": {"en": "Import the {count} valid rows",
                             "fr": "Importer les {count} lignes valides",
                             "it": "Importa le {count} righe valide"},
    "data.import.nothing": {"en": "Import nothing", "fr": "Ne rien importer",
                            "it": "Non importare nulla"},
    "data.import.download_rejected": {"en": "Download the rejected rows (CSV)",
                                      "fr": "Télécharger les lignes rejetées (CSV)",
                                      "it": "Scarica le righe scartate (CSV)"},
    "data.import.done": {
        "en": "{file}: {added} added, {updated} updated, {unchanged} already up to date.",
        "fr": "{file} : {added} ajoutés, {updated} mis à jour, {unchanged} déjà à jour.",
        "it": "{file}: {added} aggiunti, {updated} aggiornati, {unchanged} già aggiornati.",
    },
    "data.import.done_rejected": {
        "en": "{count} rejected rows were left out.",
        "fr": "{count} lignes rejetées ont été laissées de côté.",
        "it": "{count} righe scartate sono state lasciate fuori.",
    },
    "data.import.cancelled": {"en": "Nothing was imported.", "fr": "Rien n'a été importé.",
                              "it": "Non è stato importato nulla."},
    "data.import.failed": {
        "en": "The import failed and nothing was written: {error}",
        "fr": "L'import a échoué et rien n'a été écrit : {error}",
        "it": "L'importazione non è riuscita e non è stato scritto nulla: {error}",
    },
    "data.import.see_portfolio": {"en": "See the portfolio", "fr": "Voir le portefeuille",
                                  "it": "Vedi il portafoglio"},
    "data.map.keep": {"en": "— keep as extra attribute", "fr": "— garder comme attribut",
                      "it": "— conserva come attributo"},
    "data.map.drop": {"en": "— leave out", "fr": "— écarter", "it": "— escludi"},

    # ------------------------------------------------------------------ fields
    "data.field.external_id": {"en": "Id in your CRM", "fr": "Identifiant dans votre CRM",
                               "it": "ID nel tuo CRM"},
    "data.field.name": {"en": "Full name", "fr": "Nom complet", "it": "Nome completo"},
    "data.field.first_name": {"en": "First name", "fr": "Prénom", "it": "Nome"},
    "data.field.last_name": {"en": "Last name", "fr": "Nom de famille", "it": "Cognome"},
    "data.field.company": {"en": "Company", "fr": "Entreprise", "it": "Azienda"},
    "data.field.email": {"en": "E-mail", "fr": "E-mail", "it": "E-mail"},
    "data.field.owner": {"en": "Owner (sales lead)", "fr": "Commercial",
                         "it": "Commerciale"},
    "data.field.start_date": {"en": "Client since", "fr": "Client depuis",
                              "it": "Cliente dal"},
    "data.field.sphere_size": {"en": "Sphere of influence (people)",
                               "fr": "Sphère d'influence (personnes)",
                               "it": "Sfera d'influenza (persone)"},
    "data.field.referred_by": {"en": "Referred by (client id)",
                               "fr": "Recommandé par (identifiant client)",
                               "it": "Segnalato da (ID cliente)"},
    "data.field.client": {"en": "Client (id in your CRM)",
                          "fr": "Client (identifiant dans votre CRM)",
                          "it": "Cliente (ID nel tuo CRM)"},
    "data.field.date": {"en": "Date", "fr": "Date", "it": "Data"},
    "data.field.kind": {"en": "What happened", "fr": "Ce qui s'est passé",
                        "it": "Cosa è successo"},
    "data.field.score": {"en": "Satisfaction score (0–10)", "fr": "Note de satisfaction (0–10)",
                         "it": "Voto di soddisfazione (0–10)"},
    "data.field.note": {"en": "Note", "fr": "Commentaire", "it": "Nota"},
    "data.field.prospect_name": {"en": "Prospect's name", "fr": "Nom du prospect",
                                 "it": "Nome del prospect"},
    "data.field.solicited": {"en": "Asked for", "fr": "Sollicitée", "it": "Su richiesta"},
    "data.field.status": {"en": "Outcome", "fr": "Issue", "it": "Esito"},
    "data.field.converted_client": {"en": "Became client (id in your CRM)",
                                    "fr": "Devenu client (identifiant dans votre CRM)",
                                    "it": "Diventato cliente (ID nel tuo CRM)"},
    "data.field.required": {"en": "{field} (required)", "fr": "{field} (obligatoire)",
                            "it": "{field} (obbligatorio)"},

    # ------------------------------------------------------------------ event kinds, statuses
    "data.kind.meeting": {"en": "Meeting", "fr": "Rendez-vous", "it": "Incontro"},
    "data.kind.delivery": {"en": "Delivery", "fr": "Livraison", "it": "Consegna"},
    "data.kind.promise_kept": {"en": "Promise kept", "fr": "Promesse tenue",
                               "it": "Promessa mantenuta"},
    "data.kind.promise_broken": {"en": "Promise broken", "fr": "Promesse non tenue",
                                 "it": "Promessa non mantenuta"},
    "data.kind.satisfaction": {"en": "Satisfaction score", "fr": "Note de satisfaction",
                               "it": "Voto di soddisfazione"},
    "data.kind.complaint": {"en": "Complaint", "fr": "Réclamation", "it": "Reclamo"},
    "data.kind.referral_ask": {"en": "Referral ask", "fr": "Demande de recommandation",
                               "it": "Richiesta di referral"},
    "data.kind.referral_declined": {"en": "Referral declined", "fr": "Recommandation refusée",
                                    "it": "Referral rifiutato"},
    "data.kind.lost": {"en": "Client lost", "fr": "Client perdu", "it": "Cliente perso"},
    "data.kind.referral_received": {"en": "Referral received", "fr": "Recommandation reçue",
                                    "it": "Referral ricevuto"},
    "data.status.open": {"en": "Open", "fr": "Ouverte", "it": "Aperto"},
    "data.status.converted": {"en": "Converted", "fr": "Convertie", "it": "Convertito"},
    "data.status.lost": {"en": "Lost", "fr": "Perdue", "it": "Perso"},

    # ------------------------------------------------------------------ file and mapping errors
    "error.import.not_found": {"en": "{file}: there is no such file.",
                             "fr": "{file} : ce fichier n'existe pas.",
                             "it": "{file}: questo file non esiste."},
    "error.import.too_large": {
        "en": "{file} is {size}; refdash imports files up to {limit}. Split it into smaller "
              "files, or export fewer columns, and import them one after the other.",
        "fr": "{file} fait {size} ; refdash importe des fichiers jusqu'à {limit}. Découpez-le "
              "en fichiers plus petits, ou exportez moins de colonnes, et importez-les l'un "
              "après l'autre.",
        "it": "{file} pesa {size}; refdash importa file fino a {limit}. Dividilo in file più "
              "piccoli, o esporta meno colonne, e importali uno dopo l'altro.",
    },
    "error.import.empty": {"en": "{file} is empty: there is nothing to import.",
                         "fr": "{file} est vide : il n'y a rien à importer.",
                         "it": "{file} è vuoto: non c'è nulla da importare."},
    "error.import.no_rows": {"en": "{file} has a header but no rows: there is nothing to import.",
                           "fr": "{file} a un en-tête mais aucune ligne : il n'y a rien à "
                                 "importer.",
                           "it": "{file} ha un'intestazione ma nessuna riga: non c'è nulla da "
                                 "importare."},
    "error.import.old_excel": {
        "en": "{file} is an old Excel workbook (.xls). Save it as .xlsx or CSV in Excel and "
              "import that.",
        "fr": "{file} est un ancien classeur Excel (.xls). Enregistrez-le en .xlsx ou en CSV "
              "dans Excel et importez celui-là.",
        "it": "{file} è una vecchia cartella Excel (.xls). Salvala come .xlsx o CSV in Excel e "
              "importa quella.",
    },
    "error.import.bad_xlsx": {
        "en": "{file} is not a readable Excel workbook (.xlsx); it may be damaged. Open it in "
              "Excel and save it again, or export it as CSV.",
        "fr": "{file} n'est pas un classeur Excel (.xlsx) lisible ; il est peut-être abîmé. "
              "Ouvrez-le dans Excel et enregistrez-le à nouveau, ou exportez-le en CSV.",
        "it": "{file} non è una cartella Excel (.xlsx) leggibile; potrebbe essere danneggiata. "
              "Aprila in Excel e salvala di nuovo, o esportala come CSV.",
    },
    "error.import.bad_encoding": {
        "en": "{file} is not valid {encoding} text. Save it again as CSV UTF-8.",
        "fr": "{file} n'est pas un texte {encoding} valide. Enregistrez-le à nouveau en CSV "
              "UTF-8.",
        "it": "{file} non è un testo {encoding} valido. Salvalo di nuovo come CSV UTF-8.",
    },
    "error.import.binary": {
        "en": "{file} is not a CSV or Excel file (it holds binary data). Export your data from "
              "the CRM as CSV or XLSX.",
        "fr": "{file} n'est pas un fichier CSV ou Excel (il contient des données binaires). "
              "Exportez vos données du CRM en CSV ou XLSX.",
        "it": "{file} non è un file CSV o Excel (contiene dati binari). Esporta i dati dal CRM "
              "come CSV o XLSX.",
    },
    "error.import.broken_quote": {
        "en": "{file}: a quote opened on row {row} is never closed, so everything after it "
              "would be one cell. Fix that quote (or save the file again from Excel) and retry.",
        "fr": "{file} : un guillemet ouvert à la ligne {row} n'est jamais fermé, tout ce qui "
              "suit formerait une seule cellule. Corrigez ce guillemet (ou enregistrez à "
              "nouveau le fichier depuis Excel) et réessayez.",
        "it": "{file}: una virgoletta aperta alla riga {row} non viene mai chiusa, tutto ciò "
              "che segue sarebbe una sola cella. Correggi la virgoletta (o salva di nuovo il "
              "file da Excel) e riprova.",
    },
    "error.import.ragged_row": {
        "en": "{file}: row {row} has {found} cells where the header has {expected}. A "
              "delimiter or a quote is probably wrong on that row.",
        "fr": "{file} : la ligne {row} a {found} cellules alors que l'en-tête en a {expected}. "
              "Un séparateur ou un guillemet est probablement erroné sur cette ligne.",
        "it": "{file}: la riga {row} ha {found} celle mentre l'intestazione ne ha {expected}. "
              "Probabilmente un separatore o una virgoletta è sbagliato in quella riga.",
    },
    "error.import.unreadable_csv": {
        "en": "{file} could not be read as CSV ({detail}).",
        "fr": "{file} n'a pas pu être lu comme CSV ({detail}).",
        "it": "{file} non può essere letto come CSV ({detail}).",
    },
    "error.import.too_many_columns": {
        "en": "{file} has {columns} columns; refdash reads at most {limit}. Export only the "
              "columns you need (id, name, owner, dates…).",
        "fr": "{file} a {columns} colonnes ; refdash en lit au plus {limit}. N'exportez que "
              "les colonnes utiles (identifiant, nom, commercial, dates…).",
        "it": "{file} ha {columns} colonne; refdash ne legge al massimo {limit}. Esporta solo "
              "le colonne che servono (ID, nome, commerciale, date…).",
    },
    "error.import.too_many_rows": {
        "en": "{file} has more than {limit} rows under its header, the most refdash reads (an "
              "Excel sheet's own limit). Split it into smaller files and import them one after "
              "the other.",
        "fr": "{file} a plus de {limit} lignes sous son en-tête, le maximum que refdash lit (la "
              "limite d'une feuille Excel). Découpez-le en fichiers plus petits et importez-les "
              "l'un après l'autre.",
        "it": "{file} ha più di {limit} righe sotto l'intestazione, il massimo che refdash legge "
              "(il limite di un foglio Excel). Dividilo in file più piccoli e importali uno "
              "dopo l'altro.",
    },
    "error.import.too_many_cells": {
        "en": "{file} has more than {limit} cells (rows × columns), the most refdash reads in "
              "one file. Export fewer columns, or split the file.",
        "fr": "{file} a plus de {limit} cellules (lignes × colonnes), le maximum que refdash lit "
              "dans un fichier. Exportez moins de colonnes, ou découpez le fichier.",
        "it": "{file} ha più di {limit} celle (righe × colonne), il massimo che refdash legge in "
              "un file. Esporta meno colonne, o dividi il file.",
    },
    "error.import.cell_too_large": {
        "en": "{file}, row {row}: a cell is longer than {limit} characters (Excel's own limit). "
              "A quote opened and never closed makes such a cell too.",
        "fr": "{file}, ligne {row} : une cellule dépasse {limit} caractères (la limite d'Excel). "
              "Un guillemet ouvert et jamais refermé produit aussi une telle cellule.",
        "it": "{file}, riga {row}: una cella supera {limit} caratteri (il limite di Excel). "
              "Anche una virgoletta aperta e mai chiusa produce una cella così.",
    },
    "error.import.line_too_long": {
        "en": "{file}, row {row}: a line is longer than {limit} characters; refdash does not "
              "read it (this is not a table of clients).",
        "fr": "{file}, ligne {row} : une ligne dépasse {limit} caractères ; refdash ne la lit "
              "pas (ce n'est pas un tableau de clients).",
        "it": "{file}, riga {row}: una riga supera {limit} caratteri; refdash non la legge "
              "(non è una tabella di clienti).",
    },
    "error.import.too_expanded": {
        "en": "{file} expands to {size} once unzipped; refdash reads workbooks up to {limit} "
              "uncompressed. Save fewer rows or columns, or export a CSV file.",
        "fr": "{file} fait {size} une fois décompressé ; refdash lit des classeurs jusqu'à "
              "{limit} décompressés. Enregistrez moins de lignes ou de colonnes, ou exportez un "
              "fichier CSV.",
        "it": "{file} occupa {size} una volta decompresso; refdash legge cartelle di lavoro "
              "fino a {limit} decompresse. Salva meno righe o colonne, o esporta un file CSV.",
    },
    "error.import.zip_bomb": {
        "en": "{file}: its part {part} is compressed {ratio} to one, beyond the {limit} to one "
              "refdash accepts (spreadsheets compress about 5 to 30 to one). refdash does not "
              "read it.",
        "fr": "{file} : sa partie {part} est compressée {ratio} pour un, au-delà des {limit} "
              "pour un que refdash accepte (un tableur compresse de 5 à 30 pour un). refdash ne "
              "le lit pas.",
        "it": "{file}: la sua parte {part} è compressa {ratio} a uno, oltre i {limit} a uno che "
              "refdash accetta (un foglio di calcolo si comprime da 5 a 30 a uno). refdash non "
              "lo legge.",
    },
    "error.import.unsafe_xlsx": {
        "en": "{file}: its part {part} declares XML entities (a DTD), which spreadsheet "
              "programs never write; refdash does not read it. Save it again from Excel or "
              "LibreOffice.",
        "fr": "{file} : sa partie {part} déclare des entités XML (une DTD), ce qu'aucun tableur "
              "n'écrit ; refdash ne le lit pas. Enregistrez-le de nouveau depuis Excel ou "
              "LibreOffice.",
        "it": "{file}: la sua parte {part} dichiara entità XML (una DTD), che nessun foglio di "
              "calcolo scrive; refdash non lo legge. Salvalo di nuovo da Excel o LibreOffice.",
    },
    "error.import.too_many_parts": {
        "en": "{file} holds {count} parts; a workbook has a few dozen and refdash reads at "
              "most {limit}.",
        "fr": "{file} contient {count} parties ; un classeur en a quelques dizaines et refdash "
              "en lit au plus {limit}.",
        "it": "{file} contiene {count} parti; una cartella di lavoro ne ha qualche decina e "
              "refdash ne legge al massimo {limit}.",
    },
    "error.import.similar_headers": {
        "en": "{file}: the columns \"{first}\" and \"{second}\" differ only by spaces or capital "
              "letters; rename one of them (refdash cannot tell which is which).",
        "fr": "{file} : les colonnes « {first} » et « {second} » ne diffèrent que par des "
              "espaces ou des majuscules ; renommez l'une d'elles (refdash ne peut pas savoir "
              "laquelle est laquelle).",
        "it": "{file}: le colonne «{first}» e «{second}» differiscono solo per spazi o "
              "maiuscole; rinominane una (refdash non può sapere quale è quale).",
    },
    "error.import.bad_mapping_name": {
        "en": "--save-mapping needs a name that is not blank; nothing was imported.",
        "fr": "--save-mapping demande un nom non vide ; rien n'a été importé.",
        "it": "--save-mapping richiede un nome non vuoto; non è stato importato nulla.",
    },
    "error.import.read_only_store": {
        "en": "The folder of the store {path} cannot be written (read-only); nothing was "
              "imported. Check the file with --dry-run, or choose another store with --db.",
        "fr": "Le dossier de la base {path} n'est pas accessible en écriture (lecture seule) ; "
              "rien n'a été importé. Vérifiez le fichier avec --dry-run, ou choisissez une "
              "autre base avec --db.",
        "it": "La cartella dell'archivio {path} non è scrivibile (sola lettura); non è stato "
              "importato nulla. Controlla il file con --dry-run, o scegli un altro archivio con "
              "--db.",
    },
    "error.import.unknown_field": {
        "en": "The mapping names fields refdash does not know: {field}.",
        "fr": "La correspondance cite des champs inconnus de refdash : {field}.",
        "it": "La corrispondenza nomina campi che refdash non conosce: {field}.",
    },
    "error.import.field_twice": {
        "en": "Two columns feed the same field ({field}). Choose one column per field.",
        "fr": "Deux colonnes alimentent le même champ ({field}). Choisissez une colonne par "
              "champ.",
        "it": "Due colonne alimentano lo stesso campo ({field}). Scegli una colonna per campo.",
    },
    "error.import.missing_field": {
        "en": "No column feeds: {field}. Choose the column of the file that holds it.",
        "fr": "Aucune colonne n'alimente : {field}. Choisissez la colonne du fichier qui le "
              "contient.",
        "it": "Nessuna colonna alimenta: {field}. Scegli la colonna del file che lo contiene.",
    },
    "error.import.unknown_kind": {
        "en": "Unknown kind of file “{value}” (choose one of {kinds}).",
        "fr": "Type de fichier inconnu « {value} » (choisissez parmi {kinds}).",
        "it": "Tipo di file sconosciuto «{value}» (scegli tra {kinds}).",
    },
    "error.import.no_mapping": {
        "en": "There is no saved mapping named “{name}”.",
        "fr": "Il n'y a pas de correspondance enregistrée nommée « {name} ».",
        "it": "Non c'è una corrispondenza salvata di nome «{name}».",
    },

    # ------------------------------------------------------------------ row problems
    "data.problem.missing": {"en": "required value is empty",
                             "fr": "valeur obligatoire vide",
                             "it": "valore obbligatorio vuoto"},
    "data.problem.duplicate_id": {"en": "this id appears more than once in the file",
                                  "fr": "cet identifiant apparaît plusieurs fois dans le fichier",
                                  "it": "questo ID compare più volte nel file"},
    "data.problem.bad_date": {
        "en": "not a date refdash can read (write 2024-03-15, 15/03/2024 or 15.03.2024)",
        "fr": "date illisible pour refdash (écrivez 2024-03-15, 15/03/2024 ou 15.03.2024)",
        "it": "data non leggibile da refdash (scrivi 2024-03-15, 15/03/2024 o 15.03.2024)",
    },
    "data.problem.future_date": {"en": "date in the future (after {detail})",
                                 "fr": "date dans le futur (après le {detail})",
                                 "it": "data nel futuro (dopo il {detail})"},
    "data.problem.bad_integer": {"en": "not a whole number", "fr": "pas un nombre entier",
                                 "it": "non è un numero intero"},
    "data.problem.not_positive": {"en": "must be above zero", "fr": "doit être supérieur à zéro",
                                  "it": "deve essere maggiore di zero"},
    "data.problem.unknown_client": {
        "en": "no client has this id (import or add that client first)",
        "fr": "aucun client n'a cet identifiant (importez ou ajoutez d'abord ce client)",
        "it": "nessun cliente ha questo ID (importa o aggiungi prima quel cliente)",
    },
    "data.problem.self_referral": {"en": "a client cannot refer themselves",
                                   "fr": "un client ne peut pas se recommander lui-même",
                                   "it": "un cliente non può segnalare se stesso"},
    "data.problem.referrer_rejected": {
        "en": "the client who referred this one is rejected too",
        "fr": "le client qui a recommandé celui-ci est rejeté lui aussi",
        "it": "anche il cliente che ha segnalato questo è scartato",
    },
    "data.problem.too_large": {"en": "too large (at most {detail})",
                               "fr": "trop grand (au plus {detail})",
                               "it": "troppo grande (al massimo {detail})"},
    "data.problem.name_too_long": {"en": "longer than {detail} characters",
                                   "fr": "plus de {detail} caractères",
                                   "it": "più di {detail} caratteri"},
    "data.problem.referral_cycle": {
        "en": "the referrals go round in a circle ({detail})",
        "fr": "les recommandations tournent en rond ({detail})",
        "it": "le segnalazioni girano in cerchio ({detail})",
    },
    "data.problem.converted_is_referrer": {
        "en": "a referral cannot become the client who made it",
        "fr": "une recommandation ne peut pas devenir le client qui l'a faite",
        "it": "una segnalazione non può diventare il cliente che l'ha fatta",
    },
    "data.problem.bad_kind": {"en": "unknown event kind (allowed: {detail})",
                              "fr": "type d'événement inconnu (permis : {detail})",
                              "it": "tipo di evento sconosciuto (ammessi: {detail})"},
    "data.problem.bad_number": {"en": "not a number", "fr": "pas un nombre",
                                "it": "non è un numero"},
    "data.problem.score_range": {"en": "score outside 0–10", "fr": "note hors de 0–10",
                                 "it": "voto fuori da 0–10"},
    "data.problem.missing_score": {
        "en": "a satisfaction event needs a score from 0 to 10",
        "fr": "un événement de satisfaction demande une note de 0 à 10",
        "it": "un evento di soddisfazione richiede un voto da 0 a 10",
    },
    "data.problem.score_not_allowed": {
        "en": "only a satisfaction event carries a score",
        "fr": "seul un événement de satisfaction porte une note",
        "it": "solo un evento di soddisfazione ha un voto",
    },
    "data.problem.bad_bool": {"en": "not yes or no", "fr": "ni oui ni non",
                              "it": "né sì né no"},
    "data.problem.bad_status": {"en": "unknown outcome (allowed: {detail})",
                                "fr": "issue inconnue (permises : {detail})",
                                "it": "esito sconosciuto (ammessi: {detail})"},
    "data.problem.missing_converted": {
        "en": "a converted referral needs the id of the client it became",
        "fr": "une recommandation convertie demande l'identifiant du client devenu",
        "it": "un referral convertito richiede l'ID del cliente diventato",
    },
    "data.problem.not_converted": {
        "en": "names the client it became, but the outcome is not “converted”",
        "fr": "cite le client devenu, mais l'issue n'est pas « convertie »",
        "it": "indica il cliente diventato, ma l'esito non è «convertito»",
    },

    # ------------------------------------------------------------------ log an event
    "data.log.intro": {
        "en": "Note what just happened with a client; the dashboard takes it into account "
              "at once.",
        "fr": "Notez ce qui vient de se passer avec un client ; le tableau de bord en tient "
              "compte aussitôt.",
        "it": "Registra cosa è appena successo con un cliente; la dashboard ne tiene conto "
              "subito.",
    },
    "data.log.no_clients": {"en": "Add or import clients first.",
                            "fr": "Ajoutez ou importez d'abord des clients.",
                            "it": "Aggiungi o importa prima dei clienti."},
    "data.log.client": {"en": "Client", "fr": "Client", "it": "Cliente"},
    "data.log.find": {"en": "Find a client", "fr": "Trouver un client",
                      "it": "Trova un cliente"},
    "data.log.find_hint": {"en": "A few letters of the name, company or CRM id",
                           "fr": "Quelques lettres du nom, de l'entreprise ou de l'identifiant CRM",
                           "it": "Qualche lettera del nome, dell'azienda o dell'id CRM"},
    "data.log.find_help": {
        "en": "The list below shows at most {limit} clients, in name order; type to narrow it.",
        "fr": "La liste ci-dessous montre au plus {limit} clients, par nom ; tapez pour la "
              "réduire.",
        "it": "L'elenco qui sotto mostra al massimo {limit} clienti, per nome; scrivi per "
              "restringerlo.",
    },
    "data.log.no_match": {"en": "No client matches these letters.",
                          "fr": "Aucun client ne correspond à ces lettres.",
                          "it": "Nessun cliente corrisponde a queste lettere."},
    "data.log.what": {"en": "What happened", "fr": "Ce qui s'est passé",
                      "it": "Cosa è successo"},
    "data.log.date": {"en": "When", "fr": "Quand", "it": "Quando"},
    "data.log.score": {"en": "Satisfaction score (0–10)", "fr": "Note de satisfaction (0–10)",
                       "it": "Voto di soddisfazione (0–10)"},
    "data.log.prospect": {"en": "Prospect's name", "fr": "Nom du prospect",
                          "it": "Nome del prospect"},
    "data.log.solicited": {"en": "It came after an ask", "fr": "Elle a suivi une demande",
                           "it": "È arrivato dopo una richiesta"},
    "data.log.note": {"en": "Note (optional)", "fr": "Commentaire (facultatif)",
                      "it": "Nota (facoltativa)"},
    "data.log.not_ready": {
        "en": "{name} is not ready to be asked: {reason}. Asking too early costs trust and "
              "future referrals.",
        "fr": "Trop tôt pour demander une recommandation à {name} : {reason}. Demander trop tôt "
              "coûte de la confiance et de futures recommandations.",
        "it": "Troppo presto per chiedere un referral a {name}: {reason}. Chiedere troppo presto costa "
              "fiducia e referral futuri.",
    },
    "data.log.ask_anyway": {"en": "I know; save the ask anyway",
                            "fr": "Je sais ; enregistrer la demande quand même",
                            "it": "Lo so; salva comunque la richiesta"},
    "data.log.save": {"en": "Save", "fr": "Enregistrer", "it": "Salva"},
    "data.log.saved": {"en": "Saved: {what} with {name} on {date}.",
                       "fr": "Enregistré : {what} avec {name} le {date}.",
                       "it": "Salvato: {what} con {name} il {date}."},
    "data.reason.too_new": {"en": "known for less than 6 months",
                            "fr": "connu(e) depuis moins de 6 mois",
                            "it": "conosciuto/a da meno di 6 mesi"},
    "data.reason.broken_promise": {"en": "a promise was broken in the last 3 months",
                                   "fr": "une promesse n'a pas été tenue ces 3 derniers mois",
                                   "it": "una promessa non è stata mantenuta negli ultimi 3 mesi"},
    "data.reason.asked_recently": {"en": "already asked in the last 6 months",
                                   "fr": "demande déjà faite ces 6 derniers mois",
                                   "it": "già interpellato/a negli ultimi 6 mesi"},
    "data.reason.low_trust": {"en": "trust is still too low",
                              "fr": "la confiance est encore trop faible",
                              "it": "la fiducia è ancora troppo bassa"},
    "data.reason.likely_never": {"en": "likely never refers",
                                 "fr": "ne recommande probablement jamais",
                                 "it": "probabilmente non segnala mai"},
    "data.reason.lost": {"en": "the client is lost", "fr": "le client est perdu",
                         "it": "il cliente è perso"},

    # ------------------------------------------------------------------ add a client
    "data.client.name": {"en": "Name", "fr": "Nom", "it": "Nome"},
    "data.client.company": {"en": "Company (optional)", "fr": "Entreprise (facultatif)",
                            "it": "Azienda (facoltativa)"},
    "data.client.email": {"en": "E-mail (optional)", "fr": "E-mail (facultatif)",
                          "it": "E-mail (facoltativa)"},
    "data.client.owner": {"en": "Owner (sales lead)", "fr": "Commercial",
                          "it": "Commerciale"},
    "data.client.owner_help": {"en": "Choose a sales lead or type a new name.",
                               "fr": "Choisissez un commercial ou tapez un nouveau nom.",
                               "it": "Scegli un commerciale o scrivi un nuovo nome."},
    "data.client.start_date": {"en": "Client since", "fr": "Client depuis",
                               "it": "Cliente dal"},
    "data.client.sphere": {"en": "Sphere of influence (people they know)",
                           "fr": "Sphère d'influence (personnes connues)",
                           "it": "Sfera d'influenza (persone conosciute)"},
    "data.client.referred_by": {"en": "Referred by (optional)",
                                "fr": "Recommandé par (facultatif)",
                                "it": "Segnalato da (facoltativo)"},
    "data.client.external_id": {"en": "Id in your CRM (optional)",
                                "fr": "Identifiant dans votre CRM (facultatif)",
                                "it": "ID nel tuo CRM (facoltativo)"},
    "data.client.save": {"en": "Add the client", "fr": "Ajouter le client",
                         "it": "Aggiungi il cliente"},
    "data.client.saved": {"en": "{name} was added.", "fr": "{name} a été ajouté(e).",
                          "it": "{name} è stato/a aggiunto/a."},
    "data.client.none": {"en": "Nobody", "fr": "Personne", "it": "Nessuno"},

    # ------------------------------------------------------------------ entry errors
    "error.entry.name": {"en": "Give the client a name.",
                              "fr": "Donnez un nom au client.",
                              "it": "Dai un nome al cliente."},
    "error.entry.owner": {"en": "Choose the owner (sales lead).",
                               "fr": "Choisissez le commercial.",
                               "it": "Scegli il commerciale."},
    "error.entry.future": {"en": "The date is in the future.",
                                "fr": "La date est dans le futur.",
                                "it": "La data è nel futuro."},
    "error.entry.score": {"en": "A satisfaction score goes from 0 to 10.",
                               "fr": "Une note de satisfaction va de 0 à 10.",
                               "it": "Un punteggio di soddisfazione va da 0 a 10."},
    "error.entry.prospect": {"en": "Give the prospect's name.",
                                  "fr": "Indiquez le nom du prospect.",
                                  "it": "Indica il nome del prospect."},
    "error.entry.sphere": {"en": "The sphere of influence must be at least 1.",
                                "fr": "La sphère d'influence doit valoir au moins 1.",
                                "it": "La sfera di influenza deve essere almeno 1."},
    "error.entry.external_id": {
        "en": "Another client already has the id “{value}”.",
        "fr": "Un autre client a déjà l'identifiant « {value} ».",
        "it": "Un altro cliente ha già l'ID «{value}».",
    },
    "error.entry.repeat": {
        "en": "Not saved again: the same entry (client, what, date and note) was saved "
              "{minutes} min ago. Change something, or undo it below.",
        "fr": "Pas enregistré une deuxième fois : la même saisie (client, quoi, date et note) "
              "a été enregistrée il y a {minutes} min. Modifiez quelque chose, ou annulez-la "
              "ci-dessous.",
        "it": "Non salvato di nuovo: la stessa voce (cliente, cosa, data e nota) è stata "
              "salvata {minutes} min fa. Cambia qualcosa, o annullala qui sotto.",
    },
    "error.entry.undo_gone": {
        "en": "Nothing to undo: that entry is not in the store any more.",
        "fr": "Rien à annuler : cette saisie n'est plus dans la base.",
        "it": "Niente da annullare: questa voce non è più nell'archivio.",
    },
    "data.entry.undo": {"en": "Undo", "fr": "Annuler", "it": "Annulla"},
    "data.entry.undone": {
        "en": "Removed: {what} for {name} on {date}.",
        "fr": "Supprimé : {what} pour {name} le {date}.",
        "it": "Rimosso: {what} per {name} il {date}.",
    },
    "error.entry.unknown_client": {"en": "That client is not in the store any more.",
                                        "fr": "Ce client n'est plus dans la base.",
                                        "it": "Quel cliente non è più nell'archivio."},

    # ------------------------------------------------------------------ export and backup
    "data.export.intro": {
        "en": "Your data is yours: take it all as CSV files, or keep a copy of the store.",
        "fr": "Vos données sont à vous : emportez-les toutes en fichiers CSV, ou gardez une "
              "copie de la base.",
        "it": "I tuoi dati sono tuoi: portali via tutti come file CSV, o tieni una copia "
              "dell'archivio.",
    },
    "data.export.counts": {
        "en": "The store holds {clients} clients, {events} events and {referrals} referrals.",
        "fr": "La base contient {clients} clients, {events} événements et {referrals} "
              "recommandations.",
        "it": "L'archivio contiene {clients} clienti, {events} eventi e {referrals} referral.",
    },
    "data.export.zip": {"en": "Download everything (CSV files in a zip)",
                        "fr": "Tout télécharger (fichiers CSV dans un zip)",
                        "it": "Scarica tutto (file CSV in uno zip)"},
    "data.export.zip_help": {
        "en": "clients.csv, events.csv, referrals.csv, the saved mappings and the store's "
              "settings; every reference to a client also carries its id from your CRM.",
        "fr": "clients.csv, events.csv, referrals.csv, les correspondances enregistrées et "
              "les réglages de la base ; chaque référence à un client porte aussi son "
              "identifiant dans votre CRM.",
        "it": "clients.csv, events.csv, referrals.csv, le corrispondenze salvate e le "
              "impostazioni dell'archivio; ogni riferimento a un cliente porta anche il suo ID "
              "nel tuo CRM.",
    },
    "data.export.backup": {"en": "Download a backup of the store",
                           "fr": "Télécharger une sauvegarde de la base",
                           "it": "Scarica un backup dell'archivio"},
    "data.export.backup_help": {
        "en": "A consistent copy made with SQLite's backup API, safe while the app runs.",
        "fr": "Une copie cohérente faite avec l'API de sauvegarde de SQLite, sûre pendant que "
              "l'application tourne.",
        "it": "Una copia coerente fatta con l'API di backup di SQLite, sicura mentre l'app è "
              "in funzione.",
    },
    "data.export.restore": {
        "en": "To restore a backup, stop nothing and run: `{command}`. The backup is checked "
              "first, and the store is replaced in one step.",
        "fr": "Pour restaurer une sauvegarde, sans rien arrêter, lancez : `{command}`. La "
              "sauvegarde est d'abord vérifiée, puis la base est remplacée en une seule étape.",
        "it": "Per ripristinare un backup, senza fermare nulla, esegui: `{command}`. Il backup "
              "viene prima controllato, poi l'archivio viene sostituito in un solo passo.",
    },

    # ------------------------------------------------------------------ command line
    "data.cli.file": {"en": "file", "fr": "fichier", "it": "file"},
    "data.cli.read": {"en": "read", "fr": "lu", "it": "letto"},
    "data.cli.mapping": {"en": "mapping", "fr": "correspondance", "it": "corrispondenza"},
    "data.cli.saved": {"en": "saved mapping “{name}”", "fr": "correspondance enregistrée « {name} »",
                       "it": "corrispondenza salvata «{name}»"},
    "data.cli.suggested": {"en": "suggested from the headers", "fr": "proposée d'après les en-têtes",
                           "it": "suggerita dalle intestazioni"},
    "data.cli.checked": {"en": "checked", "fr": "vérifié", "it": "controllato"},
    "data.cli.counts": {"en": "{rows} rows: {valid} valid, {rejected} rejected",
                        "fr": "{rows} lignes : {valid} valides, {rejected} rejetées",
                        "it": "{rows} righe: {valid} valide, {rejected} scartate"},
    "data.cli.problems": {"en": "problems", "fr": "problèmes", "it": "problemi"},
    "data.cli.more_problems": {"en": "… and {count} more (see the rejected rows file)",
                               "fr": "… et {count} de plus (voir le fichier des lignes rejetées)",
                               "it": "… e altri {count} (vedi il file delle righe scartate)"},
    "data.cli.problem_line": {"en": "{file}, row {row}, column “{column}”, value “{value}”: "
                                    "{problem}",
                              "fr": "{file}, ligne {row}, colonne « {column} », valeur "
                                    "« {value} » : {problem}",
                              "it": "{file}, riga {row}, colonna «{column}», valore «{value}»: "
                                    "{problem}"},
    "data.cli.result": {"en": "result", "fr": "résultat", "it": "risultato"},
    "data.cli.dry_run": {"en": "dry run: nothing was written",
                         "fr": "essai à blanc : rien n'a été écrit",
                         "it": "prova: non è stato scritto nulla"},
    "data.cli.nothing": {
        "en": "nothing was written ({count} rows rejected; --skip-invalid imports the valid "
              "rows)",
        "fr": "rien n'a été écrit ({count} lignes rejetées ; --skip-invalid importe les lignes "
              "valides)",
        "it": "non è stato scritto nulla ({count} righe scartate; --skip-invalid importa le "
              "righe valide)",
    },
    "data.cli.rejects_written": {"en": "rejected rows written to {path}",
                                 "fr": "lignes rejetées écrites dans {path}",
                                 "it": "righe scartate scritte in {path}"},
    "data.cli.mapping_saved": {"en": "mapping saved as “{name}”",
                               "fr": "correspondance enregistrée sous « {name} »",
                               "it": "corrispondenza salvata come «{name}»"},
    "data.cli.bad_map": {
        "en": "--map takes HEADER=FIELD (FIELD one of {fields}, keep or drop), got “{value}”.",
        "fr": "--map attend EN-TÊTE=CHAMP (CHAMP parmi {fields}, keep ou drop), reçu "
              "« {value} ».",
        "it": "--map richiede INTESTAZIONE=CAMPO (CAMPO tra {fields}, keep o drop), ricevuto "
              "«{value}».",
    },
    "data.cli.unknown_header": {"en": "--map names a column the file does not have: “{value}”.",
                                "fr": "--map cite une colonne absente du fichier : « {value} ».",
                                "it": "--map nomina una colonna che il file non ha: «{value}»."},
    "data.cli.kept_as_extra": {"en": "kept as extra attribute", "fr": "gardée comme attribut",
                               "it": "conservata come attributo"},
    "data.cli.left_out": {"en": "left out", "fr": "écartée", "it": "esclusa"},
    "data.cli.exported": {"en": "{count} files written to {path}",
                          "fr": "{count} fichiers écrits dans {path}",
                          "it": "{count} file scritti in {path}"},
    "data.cli.backed_up": {"en": "backup written to {path} ({size})",
                           "fr": "sauvegarde écrite dans {path} ({size})",
                           "it": "backup scritto in {path} ({size})"},
    "data.cli.restored": {
        "en": "{path} restored: {clients} clients, {events} events, {referrals} referrals",
        "fr": "{path} restaurée : {clients} clients, {events} événements, {referrals} "
              "recommandations",
        "it": "{path} ripristinato: {clients} clienti, {events} eventi, {referrals} referral",
    },

    # ------------------------------------------------------------------ store errors
    "error.store.missing": {"en": "No store at {path}.",
                            "fr": "Aucune base à l'emplacement {path}.",
                            "it": "Nessun archivio in {path}."},
    "error.store.exists": {
        "en": "{path} exists already; choose another path or remove it.",
        "fr": "{path} existe déjà ; choisissez un autre emplacement ou supprimez-le.",
        "it": "{path} esiste già; scegli un altro percorso o rimuovilo.",
    },
    "error.store.is_folder": {"en": "{path} is a folder, not a store file.",
                              "fr": "{path} est un dossier, pas un fichier de base.",
                              "it": "{path} è una cartella, non un file di archivio."},
    "error.store.not_sqlite": {
        "en": "{path} is not a SQLite database; nothing was changed.",
        "fr": "{path} n'est pas une base SQLite ; rien n'a été modifié.",
        "it": "{path} non è un database SQLite; non è stato modificato nulla.",
    },
    "error.store.foreign": {
        "en": "{path} is a SQLite database but not a refdash store (application_id={app_id}, "
              "{tables} tables); nothing was changed.",
        "fr": "{path} est une base SQLite mais pas une base refdash (application_id={app_id}, "
              "{tables} tables) ; rien n'a été modifié.",
        "it": "{path} è un database SQLite ma non un archivio refdash "
              "(application_id={app_id}, {tables} tabelle); non è stato modificato nulla.",
    },
    "error.store.newer": {
        "en": "{path} was written by a newer refdash (schema version {version}; this one reads "
              "up to {supported}); nothing was changed. Update refdash to open it.",
        "fr": "{path} a été écrite par un refdash plus récent (schéma version {version} ; "
              "celui-ci lit jusqu'à {supported}) ; rien n'a été modifié. Mettez refdash à jour "
              "pour l'ouvrir.",
        "it": "{path} è stato scritto da un refdash più recente (schema versione {version}; "
              "questo legge fino a {supported}); non è stato modificato nulla. Aggiorna "
              "refdash per aprirlo.",
    },
    "error.store.damaged": {
        "en": "The store {path} is damaged: SQLite's integrity check says {detail}. refdash "
              "wrote nothing to it. Restore your latest backup: python -m refdash restore "
              "BACKUP.db --db {path}",
        "fr": "La base {path} est abîmée : le contrôle d'intégrité de SQLite indique {detail}. "
              "refdash n'y a rien écrit. Restaurez votre dernière sauvegarde : python -m "
              "refdash restore SAUVEGARDE.db --db {path}",
        "it": "L'archivio {path} è danneggiato: il controllo di integrità di SQLite segnala "
              "{detail}. refdash non vi ha scritto nulla. Ripristina l'ultimo backup: python "
              "-m refdash restore BACKUP.db --db {path}",
    },
    "error.store.damaged_backup": {
        "en": "The backup {path} is damaged ({detail}); the store was not changed. Choose "
              "another backup.",
        "fr": "La sauvegarde {path} est abîmée ({detail}) ; la base n'a pas été modifiée. "
              "Choisissez une autre sauvegarde.",
        "it": "Il backup {path} è danneggiato ({detail}); l'archivio non è stato modificato. "
              "Scegli un altro backup.",
    },
    "error.store.cant_open": {
        "en": "The store {path} cannot be opened ({detail}): check that the file and its "
              "folder can be read.",
        "fr": "La base {path} ne peut pas être ouverte ({detail}) : vérifiez que le fichier et "
              "son dossier sont lisibles.",
        "it": "L'archivio {path} non può essere aperto ({detail}): verifica che il file e la "
              "sua cartella siano leggibili.",
    },
    "error.store.read_only_old": {
        "en": "The store {path} is in a folder refdash cannot write to, and its schema "
              "(version {version}) must first be upgraded to version {supported}: open it "
              "once where it can be written.",
        "fr": "La base {path} est dans un dossier où refdash ne peut pas écrire, et son schéma "
              "(version {version}) doit d'abord passer à la version {supported} : ouvrez-la "
              "une fois là où elle peut être écrite.",
        "it": "L'archivio {path} è in una cartella dove refdash non può scrivere, e il suo "
              "schema (versione {version}) deve prima passare alla versione {supported}: "
              "aprilo una volta dove può essere scritto.",
    },
    "error.store.read_only_pending": {
        "en": "The store {path} is in a folder refdash cannot write to and has changes "
              "still in its -wal file, which cannot be read from there ({detail}): open it "
              "once where it can be written.",
        "fr": "La base {path} est dans un dossier où refdash ne peut pas écrire et a des "
              "modifications encore dans son fichier -wal, illisible depuis là ({detail}) : "
              "ouvrez-la une fois là où elle peut être écrite.",
        "it": "L'archivio {path} è in una cartella dove refdash non può scrivere e ha "
              "modifiche ancora nel suo file -wal, non leggibile da lì ({detail}): aprilo una "
              "volta dove può essere scritto.",
    },
    "error.store.write_failed": {
        "en": "{path} could not be written ({detail}); the partial file was removed and "
              "nothing else was changed.",
        "fr": "{path} n'a pas pu être écrit ({detail}) ; le fichier partiel a été supprimé et "
              "rien d'autre n'a été modifié.",
        "it": "{path} non può essere scritto ({detail}); il file parziale è stato rimosso e "
              "nient'altro è stato modificato.",
    },
    "error.store.unknown_client": {
        "en": "Nothing was written: it names a client that is not in the store.",
        "fr": "Rien n'a été écrit : cela désigne un client qui n'est pas dans la base.",
        "it": "Non è stato scritto nulla: indica un cliente che non è nell'archivio.",
    },
    "error.store.missing_clients": {
        "en": "{count} rows name a client that is not in the store; nothing was written.",
        "fr": "{count} lignes désignent un client qui n'est pas dans la base ; rien n'a été "
              "écrit.",
        "it": "{count} righe indicano un cliente che non è nell'archivio; non è stato "
              "scritto nulla.",
    },
    "error.store.bad_kind": {
        "en": "Nothing was written: unknown event kind (allowed: {kinds}).",
        "fr": "Rien n'a été écrit : type d'événement inconnu (autorisés : {kinds}).",
        "it": "Non è stato scritto nulla: tipo di evento sconosciuto (ammessi: {kinds}).",
    },
    "error.store.bad_score": {
        "en": "Nothing was written: a satisfaction event needs a score from 0 to 10, and only "
              "satisfaction events carry a score.",
        "fr": "Rien n'a été écrit : un événement de satisfaction demande une note de 0 à 10, "
              "et seuls les événements de satisfaction portent une note.",
        "it": "Non è stato scritto nulla: un evento di soddisfazione richiede un voto da "
              "0 a 10, e solo gli eventi di soddisfazione hanno un voto.",
    },
    "error.store.bad_date": {
        "en": "Nothing was written: a date is not a valid YYYY-MM-DD date.",
        "fr": "Rien n'a été écrit : une date n'est pas une date AAAA-MM-JJ valide "
              "(YYYY-MM-DD).",
        "it": "Non è stato scritto nulla: una data non è una data AAAA-MM-GG valida "
              "(YYYY-MM-DD).",
    },
    "error.store.bad_date_text": {
        "en": "“{value}” is not a valid YYYY-MM-DD date.",
        "fr": "« {value} » n'est pas une date AAAA-MM-JJ valide (YYYY-MM-DD).",
        "it": "«{value}» non è una data AAAA-MM-GG valida (YYYY-MM-DD).",
    },
    "error.store.bad_status": {
        "en": "Nothing was written: status must be one of {statuses}, and a converted referral "
              "names the client it became.",
        "fr": "Rien n'a été écrit : le statut doit être l'un de {statuses}, et une "
              "recommandation convertie désigne le client qu'elle est devenue.",
        "it": "Non è stato scritto nulla: lo stato deve essere uno tra {statuses}, e un "
              "referral convertito indica il cliente che è diventato.",
    },
    "error.store.bad_sphere": {
        "en": "Nothing was written: the sphere of influence must be at least 1.",
        "fr": "Rien n'a été écrit : la sphère d'influence doit valoir au moins 1.",
        "it": "Non è stato scritto nulla: la sfera di influenza deve essere almeno 1.",
    },
    "error.store.required": {
        "en": "Nothing was written: '{column}' is required.",
        "fr": "Rien n'a été écrit : « {column} » est obligatoire.",
        "it": "Non è stato scritto nulla: «{column}» è obbligatorio.",
    },
    "error.store.refused": {
        "en": "Nothing was written: refused by the rule {constraint}.",
        "fr": "Rien n'a été écrit : refusé par la règle {constraint}.",
        "it": "Non è stato scritto nulla: rifiutato dalla regola {constraint}.",
    },
    "error.store.duplicate_id": {
        "en": "Nothing was written: the external id is already in the store ({column}).",
        "fr": "Rien n'a été écrit : l'identifiant externe est déjà dans la base ({column}).",
        "it": "Non è stato scritto nulla: l'ID esterno è già nell'archivio ({column}).",
    },
    "error.store.no_external_id": {
        "en": "Every imported row needs an external id; nothing was written.",
        "fr": "Chaque ligne importée demande un identifiant externe ; rien n'a été écrit.",
        "it": "Ogni riga importata richiede un ID esterno; non è stato scritto nulla.",
    },
    "error.store.id_twice": {
        "en": "An external id appears twice in the import; nothing was written.",
        "fr": "Un identifiant externe apparaît deux fois dans l'import ; rien n'a été écrit.",
        "it": "Un ID esterno compare due volte nell'importazione; non è stato scritto nulla.",
    },
    "error.store.mapping_name": {"en": "A saved mapping needs a name.",
                                 "fr": "Une correspondance enregistrée demande un nom.",
                                 "it": "Una corrispondenza salvata richiede un nome."},
    "error.store.unknown_import_kind": {
        "en": "Unknown import kind “{value}” (allowed: {kinds}).",
        "fr": "Type d'import inconnu « {value} » (autorisés : {kinds}).",
        "it": "Tipo di importazione sconosciuto «{value}» (ammessi: {kinds}).",
    },
    "error.store.busy": {
        "en": "The store is busy with another write ({detail}); nothing was written. Retry "
              "in a moment.",
        "fr": "La base est occupée par une autre écriture ({detail}) ; rien n'a été écrit. "
              "Réessayez dans un instant.",
        "it": "L'archivio è occupato da un'altra scrittura ({detail}); non è stato scritto "
              "nulla. Riprova tra un momento.",
    },
    "error.store.full": {
        "en": "The disk is full ({detail}); nothing was written.",
        "fr": "Le disque est plein ({detail}) ; rien n'a été écrit.",
        "it": "Il disco è pieno ({detail}); non è stato scritto nulla.",
    },
    "error.store.read_only": {
        "en": "The store cannot be written ({detail}); nothing was written.",
        "fr": "La base n'est pas accessible en écriture ({detail}) ; rien n'a été écrit.",
        "it": "L'archivio non è scrivibile ({detail}); non è stato scritto nulla.",
    },
    "error.store.io_error": {
        "en": "The store could not be read or written ({detail}); nothing was written.",
        "fr": "La base n'a pas pu être lue ou écrite ({detail}) ; rien n'a été écrit.",
        "it": "L'archivio non può essere letto o scritto ({detail}); non è stato scritto "
              "nulla.",
    },
    "error.store.failed": {
        "en": "Nothing was written: the store refused the write ({detail}).",
        "fr": "Rien n'a été écrit : la base a refusé l'écriture ({detail}).",
        "it": "Non è stato scritto nulla: l'archivio ha rifiutato la scrittura ({detail}).",
    },
    "error.store.backup_folder": {
        "en": "{path} is a folder; give the backup a file name.",
        "fr": "{path} est un dossier ; donnez un nom de fichier à la sauvegarde.",
        "it": "{path} è una cartella; dai un nome di file al backup.",
    },
    "error.store.backup_exists": {
        "en": "{path} exists already; choose another name (nothing was written).",
        "fr": "{path} existe déjà ; choisissez un autre nom (rien n'a été écrit).",
        "it": "{path} esiste già; scegli un altro nome (non è stato scritto nulla).",
    },
    "error.store.backup_self": {"en": "A backup cannot overwrite the store itself.",
                                "fr": "Une sauvegarde ne peut pas écraser la base elle-même.",
                                "it": "Un backup non può sovrascrivere l'archivio stesso."},
    "error.store.backup_check": {
        "en": "The backup failed its integrity check ({detail}); nothing was written.",
        "fr": "La sauvegarde a échoué à son contrôle d'intégrité ({detail}) ; rien n'a été "
              "écrit.",
        "it": "Il backup non ha superato il controllo di integrità ({detail}); non è stato "
              "scritto nulla.",
    },
    "error.store.no_backup": {"en": "No backup at {path}.",
                              "fr": "Aucune sauvegarde à l'emplacement {path}.",
                              "it": "Nessun backup in {path}."},
    "error.store.empty_backup": {
        "en": "{path} is an empty database, not a refdash backup.",
        "fr": "{path} est une base vide, pas une sauvegarde refdash.",
        "it": "{path} è un database vuoto, non un backup di refdash.",
    },
    "error.store.export_file": {"en": "{path} is a file, not a folder.",
                                "fr": "{path} est un fichier, pas un dossier.",
                                "it": "{path} è un file, non una cartella."},
    "error.store.export_clash": {
        "en": "{path} already holds {files}; choose an empty folder (nothing was written).",
        "fr": "{path} contient déjà {files} ; choisissez un dossier vide (rien n'a été écrit).",
        "it": "{path} contiene già {files}; scegli una cartella vuota (non è stato scritto "
              "nulla).",
    },
    # --- activities (issue 11): CRM tasks, calls, deals, tickets and surveys as evidence
    "data.import.kind.activities": {"en": "CRM activities", "fr": "Activités du CRM",
                                    "it": "Attività del CRM"},
    "data.import.expects.activities": {
        "en": "An export of your CRM's tasks, calls and meetings, won deals, tickets or survey "
              "answers (HubSpot, Salesforce, Pipedrive, Zoho…), each with the contact's id: a "
              "task done by its due date (3 days of grace) is a promise kept, done later or "
              "still open a promise broken; a done meeting or call is a meeting, a won deal a "
              "delivery, a ticket a complaint, an NPS (0–10) or CSAT (1–5) answer a "
              "satisfaction score. Importing an updated export updates the evidence.",
        "fr": "Un export des tâches, appels et réunions, affaires gagnées, tickets ou réponses "
              "aux enquêtes de votre CRM (HubSpot, Salesforce, Pipedrive, Zoho…), chacun avec "
              "l'identifiant du contact : une tâche terminée à l'échéance (3 jours de marge) est "
              "une promesse tenue, terminée plus tard ou encore ouverte une promesse rompue ; "
              "une réunion ou un appel effectué est une réunion, une affaire gagnée une "
              "livraison, un ticket une réclamation, une réponse NPS (0–10) ou CSAT (1–5) une "
              "note de satisfaction. Réimporter un export à jour met les preuves à jour.",
        "it": "Un export di attività, chiamate e riunioni, trattative vinte, ticket o risposte "
              "ai sondaggi del tuo CRM (HubSpot, Salesforce, Pipedrive, Zoho…), ciascuno con "
              "l'ID del contatto: un'attività completata entro la scadenza (3 giorni di "
              "tolleranza) è una promessa mantenuta, completata dopo o ancora aperta una "
              "promessa non mantenuta; una riunione o chiamata svolta è una riunione, una "
              "trattativa vinta una consegna, un ticket un reclamo, una risposta NPS (0–10) o "
              "CSAT (1–5) un punteggio di soddisfazione. Reimportare un export aggiornato "
              "aggiorna le prove.",
    },
    "data.field.type": {"en": "Type of activity", "fr": "Type d'activité",
                        "it": "Tipo di attività"},
    "data.field.subject": {"en": "Subject", "fr": "Objet", "it": "Oggetto"},
    "data.field.due_date": {"en": "Due date", "fr": "Date d'échéance", "it": "Scadenza"},
    "data.field.done_date": {"en": "Done (or closed) on", "fr": "Terminée (ou close) le",
                             "it": "Completata (o chiusa) il"},
    "data.field.done": {"en": "Done", "fr": "Terminée", "it": "Completata"},
}
