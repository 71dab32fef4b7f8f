"""Reading the encoding of a file: French and Italian exports in cp1252 or UTF-8 (with or
without BOM) come back letter for letter, rare symbols included (° € œ ’ « »); files
genuinely in another encoding keep it."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from refdash.data.importing import read

#: Cells of French and Italian CRM exports, each with some of the characters where the
#: single-byte Latin encodings differ.
PHRASES = (
    "Envoyer le rapport mensuel n° 1", "Relance du dossier n° 42", "Facture de 1 250 €",
    "Cœur de l’offre « spéciale »", "Œuvre complète – à relancer", "L’été dernier, très satisfaite",
    "Hélène Lefèvre", "François Garçon", "Noël à Besançon", "Réunion à 9 h – salle n° 3",
    "Inviare il rapporto n° 3 entro lunedì", "Perché l’offerta è già scaduta",
    "Città di Forlì", "Università degli studi", "Preventivo da 7,50 €", "Più però così",
    "Temperatura 20° C", "Niccolò Caffè", "Attività completata – ok", "C’è un’altra riunione",
)
CP1252_TEXTS = [
    "Objet;Montant\n" + "\n".join(f"{p};{i}" for i, p in enumerate(PHRASES[:6])) + "\n",
    "Nom;Note\nHélène Lefèvre;très satisfaite, 20° de plus\nFrançois Œuvray;l’été dernier\n",
    "Oggetto;Importo\nInviare il rapporto n° 3 entro lunedì;15 €\n"
    "Perché l’offerta è già scaduta;7,50 €\nCittà;Università\n",
    "Ref;Objet\nA;Temp 20° C\nB;Rapport n° 2\nC;Tarif 10 €\n",
    "ID de l'activité;Objet;Statut\n00T1;Envoyer le rapport mensuel n° 1;Terminée\n"
    "00T2;Envoyer le rapport mensuel n° 2;Non commencée\n",
]


@pytest.mark.parametrize("text", CP1252_TEXTS)
@pytest.mark.parametrize("encoding", ["cp1252", "utf-8", "utf-8-sig"])
def test_french_and_italian_texts_round_trip(text, encoding):
    got, _how = read.decode(text.encode(encoding))
    assert got == text


@pytest.mark.parametrize(("text", "encoding"), [
    ("Imię;Miasto\nŁukasz Żółć;Łódź\nZofia Wąsik;Kraków\nMałgorzata Ściśle;Gdańsk\n", "cp1250"),
    ("Jméno;Město\nJiří Dvořák;Plzeň\nPetr Šťastný;Brno\nŽaneta Křížová;Ústí nad Labem\n",
     "cp1250"),
    ("Vardas;Miestas\nJonas Žemaitis;Šiauliai\nRūta Čiurlionytė;Kaunas\n"
     "Ėglė Ąžuolaitė;Vilnius\n", "cp1257"),
    ("Имя;Город\nИван Петров;Москва\nОльга Смирнова;Санкт-Петербург\n", "cp1251"),
    ("Όνομα;Πόλη\nΓιώργος Παπαδόπουλος;Αθήνα\nΜαρία Νικολάου;Θεσσαλονίκη\n", "cp1253"),
])
def test_other_encodings_keep_their_letters(text, encoding):
    got, _how = read.decode(text.encode(encoding))
    assert got == text


def test_a_symbol_inside_a_word_or_a_capital_after_a_small_letter_is_misplaced():
    assert read._misplaced("Envoyer le rapport n° 1, l’offre") == 0
    assert read._misplaced("Envoyer le rapport nḞ 1") == 1
    assert read._misplaced("Zofia W¹sik") == 1
    assert read._misplaced("ctrl \x85 char") == 1


@settings(max_examples=60, deadline=None)
@given(rows=st.lists(st.tuples(st.sampled_from(PHRASES), st.sampled_from(PHRASES)),
                     min_size=2, max_size=12),
       encoding=st.sampled_from(["cp1252", "utf-8", "utf-8-sig"]))
def test_any_french_or_italian_export_round_trips(rows, encoding):
    text = "Objet;Note\n" + "".join(f"{a};{b}\n" for a, b in rows)
    got, how = read.decode(text.encode(encoding))
    assert got == text, how
