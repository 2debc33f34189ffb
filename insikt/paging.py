"""Pages of a list without counting the whole list: one row more than the page tells whether there is a next.

An exact count of everything a user may see costs as much as reading all of it, on every view, and grows
with the register; a caseworker needs the page, and whether there is more.
"""

from dataclasses import dataclass


@dataclass
class Page:
    object_list: list
    number: int
    has_next: bool

    def __iter__(self):
        return iter(self.object_list)

    def __len__(self):
        return len(self.object_list)

    @property
    def has_previous(self) -> bool:
        return self.number > 1

    @property
    def has_other_pages(self) -> bool:
        return self.has_next or self.has_previous

    @property
    def next_page_number(self) -> int:
        return self.number + 1

    @property
    def previous_page_number(self) -> int:
        return self.number - 1

    @property
    def start_index(self) -> int:
        return (self.number - 1) * self.per_page + 1 if self.object_list else 0

    @property
    def end_index(self) -> int:
        return (self.number - 1) * self.per_page + len(self.object_list)

    per_page: int = 25


def page_of(queryset, number, per_page: int) -> Page:
    """The page `number` (1 for anything that isn't a positive whole number) of an ordered queryset."""
    try:
        number = max(1, int(number))
    except (TypeError, ValueError):
        number = 1
    start = (number - 1) * per_page
    rows = list(queryset[start : start + per_page + 1])
    if not rows and number > 1:  # past the end, e.g. an old link: the first page rather than an empty one
        return page_of(queryset, 1, per_page)
    return Page(rows[:per_page], number, len(rows) > per_page, per_page)
