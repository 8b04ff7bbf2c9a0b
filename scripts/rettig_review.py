"""The hand review of scripts/rettig_places.py: which `no site yet` labels name one place, and what.

Every group the script proposes, and every name it derives from a label, was read against the
label and the data's people (their points, dates and report pages); what the rules got wrong or
could not say is written here.
"""

# Review: labels that name one place (the first label gives the entry's name).
GROUPS = [
    ["Parral city jail", "Parral jail", "Parral prison"],
    ["Fifth Police station (Plaza Chacabuco)", "Fifth Police station", "Chacabuco Plaza police station"],
    ["Dupont police station", "Dupont area police station"],
    ["Rancagua Regiment in the city of Arica", "Rancagua Regiment"],
    ["Malloco police station", "Malloco Police station"],
    ["Aeronautical Polytechnical Academy", "Air Force Polytechnical Institute"],
    ["police station in San Gregorio (La Granja Police Station)", "police station in San Gregorio",
     "La Granja police station"],
    ["Defense Ministry", "Ministry of Defense"],
    ["Ninth Station, Santiago", "Police station No.9"],
    ["First police station, Los Angeles", "Los Angeles police station"],
]
# Review: the commune of a group where its labels' communes differ (the point of one label is the
# dataset's stand-in point for Santiago, shared by several unrelated labels).
COMMUNES = {"Defense Ministry": "Santiago", "Ninth Station, Santiago": "Recoleta"}
# Review: (name_en, name_es or "", category) where the rule's proposal was wrong or lacking.
NAMES = {
    '"The Company"': ("\"The Company\" (La Firma), Carabineros intelligence quarters, Santiago", "La Firma", ""),
    '"Laja" ship': ("\"Laja\" ship, Valparaíso", "Buque Laja", ""),
    "Carampangue Regiment": ("Carampangue Regiment, Iquique", "Regimiento Carampangue", ""),
    "Arauco Regiment, Osorno": ("Arauco Regiment, Osorno", "Regimiento Arauco", ""),
    "Rancagua Regiment in the city of Arica": ("Rancagua Regiment, Arica", "Regimiento Rancagua", ""),
    "Colina Air Base": ("Colina Air Base", "Base Aérea de Colina", ""),
    "Estadio Español (Spanish stadium)": ("Estadio Español (Spanish stadium), Santiago", "Estadio Español", ""),
    "Command Center for Military Institutes": ("Command Center for Military Institutes, Santiago",
                                               "Comando de Institutos Militares", ""),
    "Hospital José Joaquín Aguirre": ("Hospital José Joaquín Aguirre, Santiago", "Hospital José Joaquín Aguirre", ""),
    "International Trade Fair of Santiago (FISA, currently Cerillos Park)": (
        "International Trade Fair of Santiago (FISA, now Cerrillos Park)", "Feria Internacional de Santiago (FISA)", ""),
    "El Culenar estate in Talca (belongs to army)": ("El Culenar estate (army property), Talca", "Fundo El Culenar", ""),
    "Fundo California": ("Fundo California, Victoria", "Fundo California", ""),
    "Huinquén (now Campo Lindo) estate": ("Huinquén estate (now Campo Lindo), Quilaco", "Fundo Huinquén", ""),
    "Las Siete Canchas": ("Las Siete Canchas, Cerro Navia", "Las Siete Canchas", ""),
    "Santiago Preventative Detention Centre": ("Santiago Preventative Detention Centre", "", "prison-camp"),
    "Quinta Normal, Infantry regiment No.3": ("Infantry regiment No. 3, Quinta Normal", "", ""),
    "Artillery Regiment of the Chilean Air Force": ("Artillery Regiment of the Chilean Air Force, San Bernardo", "", ""),
    "Military prosecutor's office in Quillota": ("Military prosecutor's office, Quillota", "Fiscalía Militar de Quillota", ""),
    "gymnasium of the Talcahuano naval base": ("Gymnasium of the Talcahuano naval base", "", ""),
    "Dupont area (house used for interrogation and torture)": ("House in the Dupont area used for interrogation, Calama", "", ""),
    "Marine recruiting offices near 18th st, located in downtown Santiago": (
        "Marine recruiting offices near Calle Dieciocho, downtown Santiago", "", ""),
    "First police station, Los Angeles": ("First police station, Los Ángeles", "Primera Comisaría de Carabineros de Los Ángeles", ""),
    "Ninth Station, Santiago": ("Ninth police station, Santiago", "", ""),
    "Fifth Police station (Plaza Chacabuco)": ("Fifth police station (Plaza Chacabuco), Santiago", "", ""),
    "Twelfth Police Station": ("Twelfth police station, San Miguel", "", ""),
    "Tweltfth station": ("Twelfth police station, Las Condes", "", ""),
    "Temuco police headquarters": ("Temuco police headquarters (Carabineros prefecture)", "", ""),
    "Lo Rojas checkpoint in Coronel": ("Lo Rojas checkpoint, Coronel", "Retén de Carabineros de Lo Rojas", ""),
    "Arica investigative police barracks": ("Arica investigative police barracks", "Cuartel de Investigaciones de Arica", ""),
    "Artillery School": ("Artillery School, Linares", "Escuela de Artillería", ""),
    "Army Telecommunications School": ("Army Telecommunications School, Santiago", "Escuela de Telecomunicaciones del Ejército", ""),
    "Defense Ministry": ("Defense Ministry, Santiago", "Ministerio de Defensa Nacional", ""),
    "Pedro de valdivia substation": ("Pedro de Valdivia police sub-station, María Elena",
                                     "Subcomisaría de Carabineros de Pedro de Valdivia", ""),
}
# Review: labels that do not name one place the record can hold.
SKIPPED = {
    "Brigade for Investigating Attacks on the Investigative Police": "too vague: a police unit, no place; the data gives no point",
    "police unit in the Sumar shantytown": "too vague: no unit named and the data gives no point",
    "detention site near San Antonio": "too vague: no place named",
    "detention center in San Felipe": "too vague: no place named",
    "Military unit in Quillota": "too vague: no unit named (Quillota had several)",
    "First Police Station": "too vague: no town, and the data's point is the stand-in it gives several Santiago labels",
    "small boat in Puerto Cisnes": "not a place: a boat",
}
