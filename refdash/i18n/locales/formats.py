"""Words of formatted cells (tables, CSV downloads) and of widgets Streamlit draws."""

STRINGS: dict[str, dict[str, str]] = {
    "format.yes": {"en": "Yes", "fr": "Oui", "it": "Sì"},
    "format.no": {"en": "No", "fr": "Non", "it": "No"},
    "format.choose": {"en": "Choose an option", "fr": "Choisissez",
                      "it": "Scegli"},
    "format.choose_or_add": {"en": "Choose or type a name", "fr": "Choisissez ou tapez un nom",
                             "it": "Scegli o scrivi un nome"},
}
