"""Organisations of the demo, across the 16 countries, with one partner contact each.

Names are of real organisations working against trafficking in the region (public
information); the people are invented.
"""

# (name, acronym, kind, country, city, working language, contact name). International
# organisations work in English; their local contacts read the portal in their own language.
ORGANISATIONS = [
    ("Atina", "", "association", "RS", "Beograd", "sr", "Марија Петровић"),
    ("ASTRA – Anti Trafficking Action", "ASTRA", "association", "RS", "Beograd", "sr_Latn",
     "Jelena Marković"),
    ("Caritas Albania", "", "association", "AL", "Tiranë", "sq", "Arta Hoxha"),
    ("Different and Equal", "D&E", "association", "AL", "Tiranë", "sq", "Elira Dervishi"),
    ("Zemlja djece u BiH", "", "association", "BA", "Tuzla", "bs", "Amra Hodžić"),
    ("International Forum of Solidarity – EMMAUS", "IFS-EMMAUS", "association", "BA",
     "Doboj Istok", "bs", "Senad Mehić"),
    ("Animus Association Foundation", "Animus", "association", "BG", "Sofia", "bg",
     "Мария Иванова"),
    ("Centar za žene žrtve rata – ROSA", "ROSA", "association", "HR", "Zagreb", "hr",
     "Ivana Horvat"),
    ("Cyprus Stop Trafficking", "", "association", "CY", "Limassol", "el", "Ελένη Γεωργίου"),
    ("A21 Greece", "", "association", "GR", "Thessaloniki", "el", "Δημήτρης Παπαδόπουλος"),
    ("ARSIS – Association for the Social Support of Youth", "ARSIS", "association", "GR",
     "Athens", "el", "Σοφία Νικολάου"),
    ("Hungarian Baptist Aid", "HBAid", "association", "HU", "Budapest", "hu", "Kovács Anna"),
    ("Center for Protection of Victims and Prevention of Trafficking", "PVPT", "association",
     "XK", "Prishtinë", "sq", "Blerta Krasniqi"),
    ("La Strada Moldova", "", "association", "MD", "Chișinău", "ro", "Ana Rusu"),
    ("Montenegrin Women's Lobby", "", "association", "ME", "Podgorica", "sr_Latn",
     "Milena Vuković"),
    ("Open Gate – La Strada", "", "association", "MK", "Skopje", "mk", "Марија Стојановска"),
    ("ADPARE", "", "association", "RO", "București", "ro", "Ioana Popescu"),
    ("eLiberare", "", "association", "RO", "București", "ro", "Andrei Ionescu"),
    ("Društvo Ključ", "Ključ", "association", "SI", "Ljubljana", "sl", "Maja Novak"),
    ("Human Resource Development Foundation", "HRDF", "association", "TR", "İstanbul", "tr",
     "Ayşe Yılmaz"),
    ("La Strada Ukraine", "", "association", "UA", "Kyiv", "uk", "Олена Шевченко"),
    ("UNODC Programme Office in Serbia", "UNODC", "international", "RS", "Beograd", "en",
     "Jovana Ilić"),
    ("ICMPD – Western Balkans", "ICMPD", "international", "BA", "Sarajevo", "en",
     "Lejla Begić"),
    ("OSCE Mission to Moldova", "OSCE", "international", "MD", "Chișinău", "en",
     "Elena Ciobanu"),
]
