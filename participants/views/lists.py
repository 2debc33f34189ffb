"""The participant list: filters by GET, names searched by GET, a personnummer only ever by POST."""

import re
from html import escape

from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.http import QueryDict
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.safestring import mark_safe
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from insikt.access import log_access, log_access_many
from insikt.choices import YesNo
from insikt.decorators import participant_view
from insikt.models import AccessLog
from insikt.paging import page_of
from participants import personnummer
from participants.access import visible_participants
from participants.forms import (
    SearchForm,
)
from participants.models.participant import normalised

SORTS = {
    "namn": ["last_name", "first_name"],
    "-namn": ["-last_name", "-first_name"],
    "anmald": ["registered_on", "last_name"],
    "-anmald": ["-registered_on", "last_name"],
    "status": ["status", "last_name"],
    "-status": ["-status", "last_name"],
}
PAGE_SIZE = 25
DATE_WORD = re.compile(r"^\d{2,4}-?\d{2}-?\d{2}$")
FILTERS = ["status", "organisation", "mine", "stuck", "eligible", "sort"]
FILTERS_CACHE_SECONDS = 60
ROW_FIELDS = ["first_name", "last_name", "personnummer", "anonymised_at", "status", "registered_on", "eligible",
              "protected_identity", "registering_organisation__short_name"]  # fmt: skip
# A row of the table, formatted here: the template engine's lookups for 25 rows (each attribute tried as a key
# first) were half of the page's rendering, and format_html's lazy-aware escaping half of what was left.
ROW = ('<tr><td><a href="{}/">{}</a></td><td class="text-nowrap">{}</td>'
       '<td><span class="badge rounded-pill status status-{}">{}</span></td><td>{}</td>'
       '<td class="text-nowrap">{}</td><td>{}</td></tr>')  # fmt: skip


def search_by_name(queryset, text: str):
    """Every word must occur in the name or the birth date, accents and case aside ("Hadzic", "1985-03-12")."""
    for word in normalised(text).split():
        if DATE_WORD.match(word):
            word = word.replace("-", "")
        queryset = queryset.filter(search_text__contains=word)
    return queryset


def rows_html(participants) -> str:
    """The table's rows, every text escaped as a template would; they link relative to the list (/deltagare/<id>/)
    and show ISO dates."""
    return mark_safe(  # noqa: S308 - every value below is escaped or a number or date
        "\n".join(
            ROW.format(
                p.pk,
                escape(p.sort_name),  # initials for protected personal data
                escape(p.masked_personnummer),
                escape(p.status),
                escape(str(p.status_label)),
                escape(p.registering_organisation.short_name),
                p.registered_on.isoformat(),
                "Inom" if p.eligible else "<strong>Utanför</strong>",
            )  # fmt: skip
            for p in participants
        )
    )


def filters_html(form: SearchForm) -> str:
    """The filter markup. Unfiltered, as most requests see the list, it is the same for everyone: rendered once a
    minute per process instead of on every request (a fifth of the page's time). It holds no personal data;
    an organisation renamed in the admin shows within the minute."""

    def rendered():
        return render_to_string("participants/_list_filters.html", {"form": form})

    if form.is_bound:
        return rendered()
    return cache.get_or_set(f"participant-list-filters:{get_language()}", rendered, FILTERS_CACHE_SECONDS)


@participant_view
def participant_list(request):
    """The visible participants, filtered. Names are searched by GET; a personnummer only ever by POST, so that it
    never stands in a URL (proxy logs, browser history, Referer headers)."""
    if request.method == "POST":
        return search_post(request)
    form = SearchForm(request.GET or None)
    return list_page(request, form)


def list_page(request, form, status=200):
    # Only what a row shows: building thirty fields per row for five shown was a tenth of the page.
    participants = visible_participants(request.user).select_related("registering_organisation").only(*ROW_FIELDS)
    text = ""
    if form.is_bound and form.is_valid():
        text = form.cleaned_data["q"].strip()
        if personnummer.looks_like_personnummer(text):
            form.add_error("q", _("Skriv personnumret i sökrutan och tryck på Sök: det ska inte stå i adressen."))
            text = ""
        participants = search_by_name(participants, text)
        if form.cleaned_data["status"]:
            participants = participants.filter(status=form.cleaned_data["status"])
        if form.cleaned_data["organisation"]:
            participants = participants.filter(registering_organisation=form.cleaned_data["organisation"])
        if form.cleaned_data["mine"]:
            participants = participants.filter(responsible__user=request.user)
        if form.cleaned_data["stuck"]:
            participants = participants.unchanged_for(form.cleaned_data["stuck"])
        if form.cleaned_data["eligible"]:
            participants = participants.filter(eligible=YesNo.is_yes(form.cleaned_data["eligible"]))
    sort = request.GET.get("sort", "namn")
    # Protected personal data in a table of their own: a place among the others, sorted by name, would tell the name.
    page = page_of(
        participants.filter(protected_identity="").order_by(*SORTS.get(sort, SORTS["namn"])),
        request.GET.get("sida"),
        PAGE_SIZE,
    )
    protected = [] if page.number > 1 else participants.exclude(protected_identity="").order_by("-registered_on", "pk")
    protected = list(protected[: PAGE_SIZE + 1])  # the newest; a whole register of them would bury the list
    if text:
        # A search that finds someone is a read of them.
        log_access_many(request, [p.pk for p in page.object_list], AccessLog.Action.VIEW, "sökträff")
    query = request.GET.copy()
    query.pop("sida", None)
    return render(
        request,
        "participants/participant_list.html",
        {
            "form": form,
            "filters": filters_html(form),
            "page": page,
            "rows": rows_html(page.object_list),
            "protected_rows": rows_html(protected[:PAGE_SIZE]),
            "more_protected": len(protected) > PAGE_SIZE,
            "sort": sort,
            "query": query.urlencode(),
            "can_register": request.user.organisation.registers_participants,
        },
        status=status,
    )


def search_post(request):
    form = SearchForm(request.POST)
    if not form.is_valid():
        return list_page(request, form, status=400)
    text = form.cleaned_data["q"].strip()
    if not personnummer.looks_like_personnummer(text):
        query = QueryDict(mutable=True)
        query.update({k: v for k, v in request.POST.items() if k in [*FILTERS, "q"] and v})
        return redirect(f"{reverse('participants:list')}?{query.urlencode()}")
    try:
        number = personnummer.normalise(text)
    except ValidationError as error:
        form.add_error("q", error)
        return list_page(request, form, status=400)
    found = visible_participants(request.user).filter(personnummer=number).values_list("pk", flat=True).first()
    if found is None:
        form.add_error("q", _("Ingen deltagare som du har tillgång till har det personnumret."))
        return list_page(request, form, status=404)
    log_access(request, found, AccessLog.Action.VIEW, "sökning på personnummer")
    return redirect("participants:detail", pk=found)
