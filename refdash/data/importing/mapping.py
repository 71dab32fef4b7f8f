"""Which column of a file feeds which field of refdash: the fields of each kind, the
headers CRMs and spreadsheets use for them, and suggesting, checking and completing a
mapping ``{header: field}``."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass

from refdash.data import store
from refdash.errors import RefdashError

#: What an import can bring in, one kind per file.
KINDS: tuple[str, ...] = (*store.IMPORT_KINDS, "activities")
#: Mapping target of a column kept with the row as an extra attribute.
KEEP = "__keep__"
#: Mapping target of a column the user chose to leave out.
DROP = "__drop__"

# --------------------------------------------------------------------------- fields, mapping

@dataclass(frozen=True)
class Field:
    """A field of refdash an import column can feed."""

    name: str
    required: bool = False


FIELDS: dict[str, tuple[Field, ...]] = {
    "clients": (
        Field("external_id", required=True), Field("name"), Field("first_name"),
        Field("last_name"), Field("company"), Field("email"), Field("owner"),
        Field("start_date", required=True), Field("sphere_size"), Field("referred_by"),
    ),
    "events": (
        Field("external_id"), Field("client", required=True), Field("date", required=True),
        Field("kind", required=True), Field("score"), Field("note"),
    ),
    "referrals": (
        Field("external_id"), Field("client", required=True), Field("date", required=True),
        Field("prospect_name", required=True), Field("solicited"), Field("status"),
        Field("converted_client"),
    ),
    # CRM tasks, calls, meetings, deals, tickets and surveys (see importing.activities).
    "activities": (
        Field("external_id"), Field("client", required=True), Field("type"),
        Field("subject"), Field("due_date"), Field("done_date"), Field("date"),
        Field("status"), Field("done"), Field("score"),
    ),
}

#: Headers (normalised: lower case, no accents, words split on anything else) that CRMs and
#: spreadsheets use for each field, best match first.
SYNONYMS: dict[str, dict[str, tuple[str, ...]]] = {
    "clients": {
        "external_id": (
            "external id", "record id", "contact id", "account id", "company id",
            "organization id", "person id", "customer id", "client id", "crm id",
            "id du compte", "id du contact", "identifiant", "identifiant client", "id client",
            "numero client", "codice cliente", "id cliente", "codice", "record id contact",
            "id",
        ),
        "name": (
            "name", "full name", "contact name", "contact", "person name", "client name",
            "customer name", "nom complet", "nom du contact", "nom du client",
            "nominativo", "nome e cognome", "nome completo", "nome cliente",
        ),
        "first_name": ("first name", "firstname", "given name", "person first name", "prenom",
                       "nome di battesimo"),
        "last_name": ("last name", "lastname", "surname", "family name", "person last name",
                      "nom de famille", "cognome"),
        "company": (
            "company", "company name", "account name", "organization name", "organization",
            "organisation", "account", "nom du compte", "entreprise", "societe",
            "nom de l entreprise", "raison sociale", "ragione sociale", "azienda", "societa",
        ),
        "email": ("email", "e mail", "email address", "e mail address", "person email",
                  "adresse e mail", "adresse email", "courriel", "mail", "indirizzo email",
                  "indirizzo e mail", "posta elettronica"),
        "owner": (
            "owner", "contact owner", "company owner", "account owner", "record owner",
            "organization owner", "person owner", "sales lead", "salesperson", "sales rep",
            "proprietaire du compte", "proprietaire du contact", "proprietaire", "commercial",
            "responsable", "commerciale", "proprietario", "proprietario account",
            "venditore", "agente",
        ),
        "start_date": (
            "start date", "client since", "customer since", "became a customer date",
            "create date", "created date", "created time", "created", "date created",
            "organization organization created", "person person created", "date de debut",
            "date debut", "client depuis", "date de creation", "date d entree",
            "data inizio", "cliente dal", "data di creazione", "data creazione", "since",
            "start",
        ),
        "sphere_size": ("sphere size", "sphere", "network size", "taille du reseau",
                        "dimensione rete", "sfera"),
        "referred_by": (
            "referred by external id", "referred by", "referred by id", "referrer id",
            "referrer", "recommande par", "parrain", "id du parrain", "segnalato da",
            "presentato da",
        ),
    },
    "events": {
        "external_id": ("external id", "event id", "activity id", "engagement id",
                        "record id", "id activite", "id attivita", "id"),
        "client": (
            "client external id", "client id", "contact id", "account id", "company id",
            "organization id", "customer id", "associated contact id", "id du compte",
            "id client", "codice cliente", "id cliente", "client", "cliente",
        ),
        "date": ("date", "event date", "activity date", "date de l activite", "data",
                 "data attivita", "create date", "created date"),
        "kind": ("kind", "type", "event type", "activity type", "type d activite",
                 "evenement", "tipo", "tipo attivita", "evento"),
        "score": ("score", "satisfaction score", "satisfaction", "rating", "csat", "nps",
                  "note de satisfaction", "punteggio", "voto"),
        "note": ("note", "notes", "comment", "comments", "description", "subject",
                 "commentaire", "objet", "nota", "commento", "descrizione", "oggetto"),
    },
    "referrals": {
        "external_id": ("external id", "referral id", "record id", "id recommandation",
                        "id segnalazione", "id"),
        "client": (
            "client external id", "referrer id", "referrer", "referred by", "client id",
            "contact id", "account id", "id du parrain", "parrain", "id client",
            "codice cliente", "segnalato da", "client", "cliente",
        ),
        "date": ("date", "referral date", "created date", "create date",
                 "date de recommandation", "data", "data segnalazione"),
        "prospect_name": ("prospect name", "prospect", "lead name", "lead", "referred name",
                          "nom du prospect", "prospect nom", "nome prospect", "potenziale cliente",
                          "contatto", "name", "nom", "nome"),
        "solicited": ("solicited", "asked", "after ask", "sollicite", "sur demande",
                      "sollecitato", "su richiesta", "richiesto"),
        "status": ("status", "outcome", "stage", "statut", "etat", "resultat", "stato",
                   "esito"),
        "converted_client": (
            "converted client external id", "converted client id", "converted client",
            "converted to", "new client id", "client converti", "cliente convertito",
        ),
    },
    "activities": {
        "external_id": (
            "activity id", "task id", "record id", "engagement id", "deal id", "ticket id",
            "case id", "submission id", "response id", "id de l activite", "id de la tache",
            "id activite", "id attivita", "id", "activity activity id", "deal deal id",
            # Salesforce cases and opportunities (French report labels, English field labels)
            "numero de la requete", "case number", "id de l opportunite", "opportunity id",
        ),
        "client": (
            "associated contact ids", "associated contact id", "associated contact",
            "contact id", "contact ids", "id du contact", "nom du contact id", "who id",
            "whoid", "activity person id", "person id", "deal person id", "contact name id",
            "client id", "customer id", "id client", "codice cliente", "id cliente",
            "id contatto", "client external id", "client", "cliente", "contact",
        ),
        "type": (
            "activity type", "task type", "type", "type d activite", "type de tache",
            "tipo attivita", "tipo", "activity activity type", "survey type",
            "type d enquete", "tipo sondaggio", "engagement type",
        ),
        "subject": (
            "subject", "task title", "title", "activity subject", "deal name", "ticket name",
            "objet", "sujet", "titre", "oggetto", "titolo", "nome trattativa",
            "description", "descrizione", "deal title", "nom de l opportunite",
            "opportunity name",
        ),
        "due_date": (
            "due date", "activitydate", "activity date", "date d echeance", "echeance",
            "activity due date", "data di scadenza", "scadenza", "due", "deadline",
        ),
        "done_date": (
            "completed at", "completed date", "completed date time", "completion date",
            "date de fin", "marked as done time", "activity marked as done time",
            "close date", "closed date", "closed time", "close time", "date de cloture",
            "date heure de cloture", "date et heure de cloture", "date de fermeture",
            "date d achevement", "date de completion", "data di completamento",
            "data completamento", "data chiusura", "data di chiusura", "done date",
            "date heure de fermeture", "date time closed", "deal won time", "won time",
        ),
        "date": (
            "create date", "created date", "created time", "created", "date de creation",
            "submitted at", "submission date", "response date", "date", "data",
            "data di creazione", "data creazione", "add time", "activity add time",
            "date de reponse", "data risposta", "submitted time", "submitted on",
            "date heure d ouverture", "date time opened", "deal deal created", "deal created",
        ),
        "status": (
            # Pipedrive's "Deal - Status" (open, won, lost) before its "Deal - Stage"
            "deal status", "task status", "status", "statut", "stato", "deal stage", "stage",
            "ticket status", "pipeline stage", "etape", "fase", "meeting outcome",
            "call outcome", "esito", "statut de la tache", "stato attivita",
        ),
        "done": ("done", "activity done", "fait", "fatto", "completed", "termine"),
        "score": (
            "rating", "score", "nps", "nps score", "csat", "csat score", "response value",
            "survey response", "note nps", "note csat", "note de satisfaction", "punteggio",
            "voto", "satisfaction", "satisfaction score",
        ),
    },
}


def normalise_header(header: str) -> str:
    """``"Propriétaire du compte"`` -> ``"proprietaire du compte"``: lower case, accents
    removed, every run of other characters a single space."""
    text = unicodedata.normalize("NFKD", str(header))
    text = "".join(ch for ch in text if not unicodedata.combining(ch)).lower()
    return " ".join(re.findall(r"[a-z0-9]+", text))


def suggest_mapping(headers: Sequence[str], kind: str) -> dict[str, str]:
    """A mapping ``{header: field}`` for every header, from the synonyms of common CRM
    exports; headers that match no field are kept as extra attributes (:data:`KEEP`).

    Each field takes at most one column, the best-matching one. A French "Nom" beside a
    "Prénom" is the last name; an Italian "Nome" beside a "Cognome" the first name.
    """
    if kind not in KINDS:
        raise ValueError(f"kind must be one of {KINDS}")
    norm = {h: normalise_header(h) for h in headers}
    values = set(norm.values())
    candidates: list[tuple[int, int, str, str]] = []
    for f_order, (fld, words) in enumerate(SYNONYMS[kind].items()):
        extra_words: tuple[str, ...] = ()
        if kind == "clients" and fld == "last_name" and "prenom" in values:
            extra_words = ("nom",)
        if kind == "clients" and fld == "first_name" and "cognome" in values:
            extra_words = ("nome",)
        if kind == "clients" and fld == "name" and not values & {"prenom", "cognome"}:
            extra_words = ("nom", "nome")
        all_words = words + extra_words
        for position, h in enumerate(headers):
            if norm[h] in all_words:
                candidates.append((all_words.index(norm[h]), f_order, h, fld))
                del position
    mapping = {h: KEEP for h in headers}
    taken: set[str] = set()
    for _rank, _order, h, fld in sorted(candidates):
        if fld not in taken and mapping[h] == KEEP:
            mapping[h] = fld
            taken.add(fld)
    if kind == "activities" and "score" not in taken:
        # A survey tool names the column by its question: "How likely are you to
        # recommend us to a friend or colleague?" is the NPS question, in any wording.
        asked = next((h for h in headers if mapping[h] == KEEP
                      and NPS_QUESTION.search(norm[h])), None)
        if asked is not None:
            mapping[asked] = "score"
    return mapping


#: The words of the NPS question ("... recommend us ...", "... recommanderiez-vous ...",
#: "... raccomanderesti ..."), matched in a normalised header.
NPS_QUESTION = re.compile(r"\b(recommend|recommander|recommanderiez|raccomand|consiglier)\w*")


def check_mapping(mapping: dict[str, str], kind: str, default_owner: str | None = None) -> None:
    """Raise :class:`RefdashError` when a required field has no column, or when two
    columns feed the same field."""
    targets = [t for t in mapping.values() if t not in (KEEP, DROP)]
    known = {f.name for f in FIELDS[kind]}
    unknown = sorted(set(targets) - known)
    if unknown:
        raise RefdashError("import.unknown_field", field=", ".join(unknown))
    twice = sorted({t for t in targets if targets.count(t) > 1})
    if twice:
        raise RefdashError("import.field_twice", field=", ".join(twice))
    present = set(targets)
    missing = [f.name for f in FIELDS[kind] if f.required and f.name not in present]
    if kind == "clients":
        if not present & {"name", "first_name", "last_name", "company"}:
            missing.append("name")
        if "owner" not in present and not (default_owner or "").strip():
            missing.append("owner")
    if kind == "activities" and not present & {"due_date", "done_date", "date"}:
        missing.append("due_date")
    if missing:
        raise RefdashError("import.missing_field", field=", ".join(missing))


def matching_mapping(saved: Sequence[store.SavedMapping], headers: Sequence[str],
                     kind: str) -> store.SavedMapping | None:
    """The most recent saved mapping of ``kind`` made for a file with the same headers
    (in any order), or None."""
    wanted = sorted(headers)
    for m in saved:
        if m.kind == kind and sorted(m.headers) == wanted:
            return m
    return None


def complete_mapping(mapping: dict[str, str], headers: Sequence[str]) -> dict[str, str]:
    """``mapping`` restricted to ``headers``, every header present (unmapped -> KEEP)."""
    return {h: mapping.get(h, KEEP) for h in headers}


