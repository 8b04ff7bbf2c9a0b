"""Placing sites by their published address on INE's address points (mapapp.geocode*)."""

from __future__ import annotations

import json

import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from mapapp.addresses import NotAnAddress, StreetAddress, commune_key, number_key, parse_address, street_key
from mapapp.cli import main
from mapapp.geocode import AddressPoints, Placed, Unplaced
from mapapp.geocode_review import INE_SOURCE, placed_by_ine
from mapapp.geocode_write import kept_note
from mapapp.load import load_catalog
from tests.sample import SOURCE, site, write_data


@pytest.mark.parametrize(
    ("published", "ine"),
    [
        ("Av. Bernardo O'Higgins", "AVENIDA BERNARDO OHIGGINS"),
        ("Avda. Simón Bolívar", "SIMON BOLIVAR"),
        ("Calle Los Pelúes", "LOS PELUES"),
        ("Pje. Pelletier", "PASAJE PELLETIER"),
        ("Gral. Baquedano", "GENERAL BAQUEDANO"),
        ("Dieciocho de Septiembre", "18 DE SEPTIEMBRE"),
        ("Calle 07 de Julio", "7 DE JULIO"),
        ("Primera Transversal", "1 TRANSVERSAL"),
        ("AV.  BOTROLHUE", "AVENIDA BOTROLHUE"),
        ("Egaña", "EGAÑA"),
    ],
)
def test_street_names_normalise_alike(published, ine):
    assert street_key(published) == street_key(ine)


@pytest.mark.parametrize(
    ("record", "ine"),
    [("Santiago", "SANTIAGO"), ("Ñuñoa", "ÑUÑOA"), ("Padre Las Casas", "PADRE LAS CASAS"),
     ("Los Angeles", "LOS ÁNGELES"), ("Aisén", "AYSÉN"), ("Coihaique", "COYHAIQUE"), ("O'Higgins", "OHIGGINS")],
)  # fmt: skip
def test_commune_names_match_ine(record, ine):
    assert commune_key(record) == commune_key(ine)


@pytest.mark.parametrize(("one", "other"), [("0963", "963"), ("724", "724B"), ("1", "10")])
def test_numbers_that_differ_stay_apart(one, other):
    # A leading zero numbers the other side of the street's axis (Temuco: 0580 and 580 are 13 km apart).
    assert number_key(one) != number_key(other)


@pytest.mark.parametrize(
    ("address", "street", "number"),
    [
        ("Arturo Prat 1147, Antofagasta", "Arturo Prat", "1147"),
        ("Av. Bernardo O'Higgins 750, Temuco", "Av. Bernardo O'Higgins", "750"),
        ("Pedro de Valdivia Nº 710", "Pedro de Valdivia", "710"),
        ("Pedro de Valdivia N° 0710, Concepción", "Pedro de Valdivia", "0710"),
        ("Baquedano #12", "Baquedano", "12"),
        ("Miraflores 724-B", "Miraflores", "724B"),
        ("Miraflores 724-726", None, None),  # a range is refused, not guessed
        ("Miraflores 724 B, Temuco", "Miraflores", "724B"),
        ("Esmeralda 2116, esquina 21 de Mayo, Antofagasta", "Esmeralda", "2116"),
        ("Av. 18 de Septiembre 2675, sector La Paloma, Paine", "Av. 18 de Septiembre", "2675"),
    ],
)
def test_numbered_addresses_are_read(address, street, number):
    found = parse_address(address)
    if street is None:
        assert isinstance(found, NotAnAddress)
    else:
        assert (found.street, found.number) == (street, number)


@pytest.mark.parametrize(
    ("address", "reason"),
    [
        ("", "no-address"),
        ("Huella Tres Puntas, ruta B-160, a unos 15 km de Tocopilla", "no-number"),
        ("A unos 13 km al sureste de Calama", "description"),
        ("Cerca del muelle de Puerto Cisnes", "description"),
        ("Barros Arana esquina O'Higgins, Iquique", "intersection"),
        ("15 Norte con Jorge Montt, Viña del Mar", "intersection"),
        ("Entre las calles Olegario Lazo y José Argomedo, San Fernando", "intersection"),
        ("Justo Geisse 998-958, Osorno", "range"),
        ("Matta 3220, 3224 y 3230, esquina Chuquisaca, Antofagasta", "range"),
        ("Merino Jarpa s/n, esquina Lastarria, Chañaral", "no-number"),
        ("Calle Pedro Pablo Muñoz, La Serena", "no-number"),
        ("Calle 21 de Mayo, Hijuela 11 de Diciembre N° 1019, Punta Arenas", "no-number"),
        ("O'Higgins 1026 (hoy O'Higgins 1235), Punta Arenas", "two-numbers"),
    ],
)
def test_addresses_that_name_no_numbered_place(address, reason):
    found = parse_address(address)
    assert isinstance(found, NotAnAddress)
    assert found.reason == reason


ROWS = [  # commune, street_class, street, number, lon, lat
    ("TEMUCO", "CALLE", "DICHATO", "0580", -72.6094, -38.7221),
    ("TEMUCO", "CALLE", "DICHATO", "580", -72.7614, -38.7701),
    ("TEMUCO", "CALLE", "MIRAFLORES", "724", -72.5900, -38.7400),
    ("TEMUCO", "CALLE", "MIRAFLORES", "724", -72.5901, -38.7401),  # the same address twice, 14 m apart
    ("TEMUCO", "AVENIDA", "BERNARDO OHIGGINS", "750", -72.6000, -38.7350),
    ("TEMUCO", "CALLE", "BALMACEDA", "451A", -72.5950, -38.7380),
    ("TEMUCO", "CALLE", "PRAT", "10A", -72.5950, -38.7380),
    ("TEMUCO", "CALLE", "PRAT", "10B", -72.5952, -38.7382),
    ("TEMUCO", "CALLE", "SANTA MARIA PELLETIER", "540", -72.5800, -38.7300),
    ("TEMUCO", "CALLE", "JOSE MIGUEL CARRERA", "228", -72.5810, -38.7310),
    ("TEMUCO", "CALLE", "IGNACIO CARRERA PINTO", "228", -72.5820, -38.7320),
    ("TEMUCO", "CALLE", "LYNCH", "5", -72.50, -38.70),
    ("TEMUCO", "CALLE", "LYNCH", "5", -72.60, -38.80),  # one number, two far-apart points
    ("LOS ÁNGELES", "CALLE", "MIRAFLORES", "724", -72.3500, -37.4700),
    ("ÑUÑOA", "AVENIDA", "IRARRÁZAVAL", "5000", -70.5800, -33.4550),
    ("ÑUÑOA", "AVENIDA", "IRARRÁZAVAL", None, -70.5801, -33.4551),  # a point without a number
]


@pytest.fixture(scope="module")
def points(tmp_path_factory):
    path = tmp_path_factory.mktemp("ine") / "addresses.parquet"
    names = ["commune", "street_class", "street", "number", "lon", "lat"]
    pq.write_table(pa.table(dict(zip(names, zip(*ROWS, strict=True), strict=True))), path)
    return AddressPoints.read(path, ["Temuco", "Los Angeles", "Ñuñoa"])


@pytest.mark.parametrize(
    ("street", "number", "commune", "lon", "lat"),
    [
        ("Miraflores", "724", "Temuco", -72.59005, -38.74005),
        ("Miraflores", "724", "Los Angeles", -72.35, -37.47),  # the same street in another commune
        ("Av. Bernardo O'Higgins", "750", "Temuco", -72.6, -38.735),
        ("Dichato", "0580", "Temuco", -72.6094, -38.7221),
        ("Dichato", "580", "Temuco", -72.7614, -38.7701),
        ("Balmaceda", "451", "Temuco", -72.595, -38.738),  # one point with a letter suffix
        ("Pelletier", "540", "Temuco", -72.58, -38.73),  # the only street with its distinctive word
        ("Avenida Irarrázaval", "5000", "Ñuñoa", -70.58, -33.455),
    ],
)
def test_addresses_found(points, street, number, commune, lon, lat):
    found = points.locate(StreetAddress(street, number), commune)
    assert isinstance(found, Placed)
    assert (found.lon, found.lat) == (lon, lat)


@pytest.mark.parametrize(
    ("street", "number", "commune", "reason"),
    [
        ("Miraflores", "724", "Santiago", "commune-missing"),
        ("Egaña", "60", "Temuco", "street-missing"),
        ("Carrera", "228", "Temuco", "street-ambiguous"),
        ("Miraflores", "725", "Temuco", "number-missing"),
        ("Dichato", "00580", "Temuco", "number-other-side"),
        ("Balmaceda", "0451", "Temuco", "number-missing"),
        ("Prat", "10", "Temuco", "number-missing"),  # two suffixed points: which one is not known
        ("Lynch", "5", "Temuco", "number-ambiguous"),
        ("Irarrázaval", "", "Ñuñoa", "number-missing"),
    ],
)
def test_addresses_not_found(points, street, number, commune, reason):
    found = points.locate(StreetAddress(street, number), commune)
    assert isinstance(found, Unplaced)
    assert found.reason == reason


@pytest.mark.parametrize(
    ("old", "kept"),
    [
        ("Punto en el centro de Arica (coordenada de la ciudad); la dirección procede de Radio Paulina.",
         "La dirección procede de Radio Paulina."),
        ("No se halló una coordenada del edificio; el punto es la coordenada de la ciudad.", ""),
        ("", ""),
    ],
)  # fmt: skip
def test_old_note_keeps_what_is_not_about_the_old_point(old, kept):
    assert kept_note(old) == kept


PLACES = [  # site id, address, precision, commune, region
    ("prison", "Miraflores 724, Temuco", "locality", "Temuco", "La Araucanía"),
    ("barracks", "Miraflores 724, Temuco", "building", "Temuco", "La Araucanía"),
    ("far", "Miraflores 724", "locality", "Los Angeles", "Biobío"),
    ("corner", "Miraflores con Prat, Temuco", "locality", "Temuco", "La Araucanía"),
]
TOWN = {"Temuco": (-72.59, -38.74), "Los Angeles": (-72.35, -37.47)}


@pytest.fixture
def applied(tmp_path):
    rows = [row for row in ROWS if row[0] != "LOS ÁNGELES"]
    rows.append(("LOS ÁNGELES", "CALLE", "MIRAFLORES", "724", -72.0, -38.0))  # ~60 km from the town
    path = tmp_path / "addresses.parquet"
    names = ["commune", "street_class", "street", "number", "lon", "lat"]
    pq.write_table(pa.table(dict(zip(names, zip(*rows, strict=True), strict=True))), path)
    address_source = {**SOURCE, "id": "src-memoria", "publisher": "Memoria Viva"}
    town_source = {**SOURCE, "id": "src-town", "url": "https://example.org/town"}  # cited by one old point only
    features = [
        site(
            name,
            *TOWN[commune],
            address=address,
            commune=commune,
            region=region,
            location={
                "precision": precision,
                "sources": [{"source": "src-town" if name == "prison" else "src-one"}],
                "note": {
                    "es": "Punto de la ciudad; la dirección es la que da Memoria Viva.",
                    "en": "The town's point; the address is the one given by Memoria Viva.",
                },
            },
            sources=[{"source": "src-one", "at": "p. 1"}, {"source": "src-memoria", "at": "ficha"}],
        )
        for name, address, precision, commune, region in PLACES
    ]
    root = write_data(
        tmp_path / "data", sites=features, sources=[SOURCE, address_source, town_source], accounts=[], events=[]
    )
    code = main(
        ["geocode", "--data", str(root), "--apply", "--addresses", str(path), "--report", str(tmp_path / "r.md")]
    )
    return code, root, (tmp_path / "r.md").read_text(encoding="utf-8")


def test_apply_places_only_accepted_sites(applied):
    code, root, _ = applied
    catalog = load_catalog(root)
    assert code == 0
    assert not catalog.rejections
    placed = catalog.sites["prison"]
    assert (placed.lon, placed.lat, placed.location.precision) == (-72.59005, -38.74005, "street")
    assert [(c.source, c.at) for c in placed.location.sources] == [
        ("src-memoria", "ficha"),
        (INE_SOURCE, "CALLE MIRAFLORES 724, TEMUCO"),
    ]
    assert "1973" in placed.location.note.get("es")
    assert "1973" in placed.location.note.get("en")
    assert "Memoria Viva" in placed.location.note.get("en")
    assert "town's point" not in placed.location.note.get("en")
    for unchanged in ("barracks", "far", "corner"):
        assert catalog.sites[unchanged].location.precision in ("building", "locality")
    assert INE_SOURCE in catalog.sources
    assert main(["validate", "--data", str(root)]) == 0
    assert "src-town" not in catalog.sources  # the bibliography lists only what the record cites


def test_apply_keeps_the_files_format(applied):
    _, root, _ = applied
    for path in [*root.glob("sites/*.geojson"), root / "sources" / "bibliography.json"]:
        text = path.read_text(encoding="utf-8")
        if "ine-direcciones-2021" in text:
            assert text == json.dumps(json.loads(text), ensure_ascii=False, indent=1) + "\n"


def test_report_counts_placed_and_rejected(applied):
    _, _, report = applied
    assert "| region | tried | placed | accepted, not applied | far | intersection |" in report
    assert "| La Araucanía | 2 | 1 | 0 | 0 | 1 |" in report  # the corner: an intersection
    assert "| Biobío | 1 | 0 | 0 | 1 | 0 |" in report  # far from its town
    assert "`prison`: Miraflores 724, Temuco -> CALLE MIRAFLORES 724, TEMUCO" in report


def test_the_record_cites_ine_for_every_point_it_gave():
    catalog = load_catalog()
    by_ine = [site for site in catalog.sites.values() if placed_by_ine(site)]
    for placed in by_ine:
        assert placed.address, placed.id
        assert INE_SOURCE in {c.source for c in placed.location.sources}
        assert len(placed.location.sources) >= 2, f"{placed.id}: cite the address's source too"
    street_with_ine_note = [
        s for s in catalog.sites.values() if "INE" in (s.location.note.get("en") or "") and s.location.precision == "street"
    ]
    assert {s.id for s in street_with_ine_note} <= {s.id for s in by_ine}
    # An inventory entry with no matched address is shown at its town (INE's urban points), and says so.
    for entry in catalog.sites.values():
        if entry.tier == "inventory" and entry.location.precision == "commune":
            assert {c.source for c in entry.location.sources} & {INE_SOURCE, "ide-chile-dpa-2023"}, entry.id
            assert "not at the place itself" in entry.location.note.get("en"), entry.id
