"""What changed between two versions of a questionnaire, question by question (matched by key)."""

from dataclasses import dataclass, field

from django.utils.translation import gettext as _

from questionnaire.models import Question, QuestionnaireVersion


@dataclass
class QuestionChange:
    key: str
    old: Question
    new: Question
    reworded: bool
    details: list[str] = field(default_factory=list)


@dataclass
class VersionDiff:
    old: QuestionnaireVersion
    new: QuestionnaireVersion
    added: list[Question]
    removed: list[Question]
    changed: list[QuestionChange]
    unchanged: int

    @property
    def reworded(self) -> list[QuestionChange]:
        return [c for c in self.changed if c.reworded]

    @property
    def is_empty(self) -> bool:
        return not (self.added or self.removed or self.changed)


def questions_by_key(version: QuestionnaireVersion) -> dict[str, Question]:
    """The version's questions in page order; reads the prefetched structure when there is one."""
    return {q.key: q for section in version.sections.all() for q in section.questions.all()}


def choice_labels(question: Question) -> dict[str, str]:
    return {c.value: c.label for c in question.choices.all()}


def compare(old: Question, new: Question) -> QuestionChange:
    details = []
    if old.type != new.type:
        details.append(
            _("Svarstyp: %(old)s → %(new)s") % {"old": old.get_type_display(), "new": new.get_type_display()}
        )
    if old.required != new.required:
        details.append(_("Nu obligatorisk") if new.required else _("Inte längre obligatorisk"))
    if old.section.title != new.section.title or old.section.insight_area != new.section.insight_area:
        details.append(_("Flyttad till sektionen ”%(title)s”") % {"title": new.section.title})
    if old.help_text != new.help_text:
        details.append(_("Hjälptexten är ändrad"))
    old_choices, new_choices = choice_labels(old), choice_labels(new)
    added = [label for value, label in new_choices.items() if value not in old_choices]
    removed = [label for value, label in old_choices.items() if value not in new_choices]
    relabelled = [
        f"{old_choices[value]} → {label}"
        for value, label in new_choices.items()
        if value in old_choices and old_choices[value] != label
    ]
    if added:
        details.append(_("Nya svarsalternativ: %(labels)s") % {"labels": ", ".join(added)})
    if removed:
        details.append(_("Borttagna svarsalternativ: %(labels)s") % {"labels": ", ".join(removed)})
    if relabelled:
        details.append(_("Omformulerade svarsalternativ: %(labels)s") % {"labels": "; ".join(relabelled)})
    return QuestionChange(key=new.key, old=old, new=new, reworded=old.text != new.text, details=details)


def diff_versions(old: QuestionnaireVersion, new: QuestionnaireVersion) -> VersionDiff:
    """Pass versions fetched `with_structure()` to do this in a fixed number of queries."""
    before, after = questions_by_key(old), questions_by_key(new)
    changed = []
    unchanged = 0
    for key in after.keys() & before.keys():
        change = compare(before[key], after[key])
        if change.reworded or change.details:
            changed.append(change)
        else:
            unchanged += 1
    order = list(after)
    changed.sort(key=lambda c: order.index(c.key))
    return VersionDiff(
        old=old,
        new=new,
        added=[q for key, q in after.items() if key not in before],
        removed=[q for key, q in before.items() if key not in after],
        changed=changed,
        unchanged=unchanged,
    )
