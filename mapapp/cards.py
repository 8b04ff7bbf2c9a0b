"""A site's card as HTML: the same card in the app, in map popups and in exported files.

Every piece of data goes through `mapapp.escape`; nothing else writes data into HTML.
Each testimony item is a <details> element whose summary line names the witness, the year and
the content note; graphic testimony stays closed until the visitor opens it, and in classroom
mode it is left out, and the card says so.
"""

from __future__ import annotations

from babel.numbers import format_decimal

from mapapp import escape
from mapapp.dates import PartialDate, span_label
from mapapp.i18n import t
from mapapp.model import Catalog, Citation, Event, Fact, Site, Testimony, Text
from mapapp.victims_map import date_text
from mapapp.victims_records import CITATION

COUP_DATE = PartialDate(1973, 9, 11)


def _text(value: Text, lang: str) -> str:
    shown = escape.text(value.get(lang))
    if value.is_fallback(lang):
        return f'{shown} <span class="fallback" lang="{"en" if lang == "es" else "es"}">{t("card.translated", lang)}</span>'
    return shown


def _cite(citations: tuple[Citation, ...] | list[Citation], catalog: Catalog) -> str:
    """Return bracketed, linked citations: [Title, p. 12; Other]."""
    parts = []
    for citation in citations:
        source = catalog.sources.get(citation.source)
        if source is None:
            continue
        label = source.title + (f", {citation.at}" if citation.at else "")
        parts.append(escape.link(source.url, label))
    return f' <span class="cite">[{"; ".join(parts)}]</span>' if parts else ""


def citations_html(citations: tuple[Citation, ...] | list[Citation], catalog: Catalog) -> str:
    """Return the bracketed, linked citations a card shows, for other panels (a tour's step)."""
    return _cite(citations, catalog)


def place_line(site: Site, lang: str) -> str:
    where = [site.address, site.commune, site.region] if not site.abroad else [site.address, site.abroad]
    return ", ".join(part for part in where if part)


def periods_line(site: Site, lang: str) -> str:
    return "; ".join(f"{span_label(p.start, p.end, lang)} ({t('use.' + p.use, lang)})" for p in site.periods)


def figure(value: str, lang: str) -> str:
    """Return a figure as the visitor's language writes it ("40000" -> "40.000" or "40,000")."""
    return format_decimal(int(value), locale=lang) if value.isdigit() and len(value) > 4 else value


def _fact(fact: Fact, catalog: Catalog, lang: str) -> str:
    values = "; ".join(
        f"{escape.text(figure(value.value, lang))}{(' (' + _text(value.note, lang) + ')') if value.note.get(lang) else ''}"
        f"{_cite(value.sources, catalog)}"
        for value in fact.values
    )
    disputed = f' <em class="disputed">({t("card.disputed", lang)})</em>' if fact.disputed else ""
    return f"<li>{_text(fact.about, lang)}: {values}{disputed}</li>"


def _testimony(item: Testimony, catalog: Catalog, lang: str) -> str:
    """Return one testimony item: a summary line that names the witness, the year and the content
    note, so that items tell apart at a glance; only a graphic item stays closed until opened."""
    who = t("witness." + item.witness.kind, lang) + (f", {item.witness.name}" if item.witness.name else "")
    line = f"{who} ({t('card.given', lang)} {item.given.label(lang)}) · {t('note.' + item.content_note, lang)}"
    body = f"<p>{_text(item.summary, lang)}{_cite(item.sources, catalog)}</p>"
    if item.content_note == "graphic":
        label = escape.text(f"{line}. {t('card.open_graphic', lang)}")
        return f'<details class="testimony note-graphic"><summary>{label}</summary>{body}</details>'
    return (
        f'<details class="testimony note-{item.content_note}" open>'
        f'<summary class="witness">{escape.text(line)}</summary>{body}</details>'
    )


def event_title(event: Event, lang: str) -> str:
    return f"{span_label(event.date, event.end or event.date, lang)}: {event.title.get(lang)}"


def event_html(event: Event, catalog: Catalog, lang: str) -> str:
    """Return an event's popup: date, title, where, summary and sources."""
    where = (
        catalog.sites[event.site].name.get(lang)
        if event.site in catalog.sites
        else (event.place.name.get(lang) if event.place else "")
    )
    return (
        f'<div class="event-card" data-event="{escape.text(event.id)}">'
        f"<strong>{escape.text(event_title(event, lang))}</strong>"
        f"<p>{escape.text(where)}</p><p>{_text(event.summary, lang)}{_cite(event.sources, catalog)}</p></div>"
    )


# How a person's place was linked to the site (`VictimPlace.how`), as the card says it.
LINKED_BY = {
    "en": {"name": "linked by the place's name", "point": "linked by the place's point", "": "linked"},
    "es": {"name": "vinculado por el nombre del lugar", "point": "vinculado por el punto del lugar", "": "vinculado"},
}


def _person_places(places: list, lang: str) -> str:
    """Return each place of one person at the site: the label as the dataset writes it, and how it was linked."""
    words = LINKED_BY.get(lang, LINKED_BY["en"])
    shown = dict.fromkeys(f"{place.label or '?'} ({words.get(place.how, words[''])})" for place in places)
    return "; ".join(escape.text(text) for text in shown)


def people_section(people: list, lang: str) -> str:
    """Return the people the Rettig report places at a site (from the victims layer), if any.

    `people` is (person, place) pairs; each person is listed once, with every place of theirs
    linked to the site and how it was linked; the count is of distinct people.
    """
    if not people:
        return ""
    by_person: dict[int, tuple] = {}
    for person, place in people:
        by_person.setdefault(person.id, (person, []))[1].append(place)
    rows = "".join(
        f"<li>{escape.text(person.name)} &middot; {escape.text(date_text(person, lang))}"
        f"{(' &middot; ' + escape.text(t('card.report_page', lang, page=person.page))) if person.page else ''}"
        f' &middot; <span class="linked-place">{_person_places(places, lang)}</span></li>'
        for person, places in sorted(
            by_person.values(), key=lambda pair: (pair[0].start or pair[0].end or COUP_DATE, pair[0].name)
        )
    )
    return (
        f'<details class="people"><summary>{escape.text(t("card.people", lang, count=len(by_person)))}</summary>'
        f'<ul>{rows}</ul><p class="cite">{escape.text(CITATION)}</p></details>'
    )


def card_html(site: Site, catalog: Catalog, lang: str, classroom: bool = False, people: list | None = None) -> str:
    """Return the full card of a site: names, place, periods, facts, testimony, people, sources."""
    other = "en" if lang == "es" else "es"
    parts = [
        f'<article class="site-card" data-site="{escape.text(site.id)}" lang="{lang}">',
        f"<h3>{escape.text(site.name.get(lang))}</h3>",
        f'<p class="other-name" lang="{other}">{escape.text(site.name.get(other))}</p>',
        f'<p class="category">{escape.text(t("category." + site.category, lang))}</p>',
        f"<p><strong>{t('card.place', lang)}:</strong> {escape.text(place_line(site, lang))}</p>",
        f"<p><strong>{t('card.location', lang)}:</strong> {escape.text(t('precision.' + site.location.precision, lang))}"
        f"{(' - ' + _text(site.location.note, lang)) if site.location.note.get(lang) else ''}"
        f"{_cite(site.location.sources, catalog)}</p>",
        f"<p><strong>{t('card.periods', lang)}:</strong></p><ul>",
        *(
            f"<li>{escape.text(span_label(p.start, p.end, lang))} ({t('use.' + p.use, lang)})"
            f"{(' - ' + _text(p.note, lang)) if p.note.get(lang) else ''}{_cite(p.sources, catalog)}</li>"
            for p in site.periods
        ),
        "</ul>",
    ]
    if site.today:
        decree = (
            f" ({t('card.decree', lang)} {escape.text(site.today.decree.label(lang))})" if site.today.decree else ""
        )
        note = f" - {_text(site.today.note, lang)}" if site.today.note.get(lang) else ""
        parts.append(
            f"<p><strong>{t('card.today', lang)}:</strong> {t('today.' + site.today.status, lang)}{decree}{note}"
            f"{_cite(site.today.sources, catalog)}</p>"
        )
    if site.tier == "inventory":  # a place a public list names, not yet described in full
        listed = "; ".join(catalog.sources[c.source].title for c in site.sources if c.source in catalog.sources)
        parts.append(f'<p class="inventory-note">{escape.text(t("card.inventory", lang, sources=listed))}</p>')
    if site.summary.get(lang):
        parts.append(f'<p class="summary">{_text(site.summary, lang)}</p>')
    if site.facts:
        parts += [f"<p><strong>{t('card.facts', lang)}:</strong></p><ul>"]
        parts += [_fact(fact, catalog, lang) for fact in site.facts]
        parts.append("</ul>")
    parts += _testimony_section(catalog.testimony_at(site.id), catalog, lang, classroom)
    parts.append(people_section(people or [], lang))
    events = catalog.events_at(site.id)
    if events:
        parts.append(f"<p><strong>{t('card.events', lang)}:</strong></p><ul>")
        parts += [
            f"<li>{escape.text(span_label(e.date, e.end or e.date, lang))}: {_text(e.title, lang)}</li>" for e in events
        ]
        parts.append("</ul>")
    parts.append(f'<p><strong>{t("card.sources", lang)}:</strong></p><ul class="sources">')
    for citation in site.sources:
        source = catalog.sources[citation.source]
        label = source.title + (f", {citation.at}" if citation.at else "")
        parts.append(f"<li>{escape.link(source.url, label)} &middot; {escape.text(source.publisher)}</li>")
    parts.append("</ul></article>")
    return "".join(parts)


def _testimony_section(items: list[Testimony], catalog: Catalog, lang: str, classroom: bool) -> list[str]:
    if not items:
        return []
    shown = [item for item in items if not (classroom and item.content_note == "graphic")]
    parts = [f'<section class="testimony-list"><p><strong>{t("card.testimony", lang)}:</strong></p>']
    parts += [_testimony(item, catalog, lang) for item in sorted(shown, key=lambda item: (item.given, item.id))]
    hidden = len(items) - len(shown)
    if hidden:
        parts.append(f'<p class="hidden-note">{t("card.graphic_hidden", lang, count=hidden)}</p>')
    parts.append("</section>")
    return parts
