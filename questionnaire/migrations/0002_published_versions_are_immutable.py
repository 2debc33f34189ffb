"""On PostgreSQL, refuse in the database any change to a published or archived version's content.

The models refuse the same in save()/delete() and in their querysets; these triggers also stop raw
SQL, bulk paths and cascades. TRUNCATE (used by Django's test flush) fires no row trigger.
SQLite has no equivalent that survives Django's test flush (it deletes row by row), so there the
model layer is the guard.
"""

from django.db import migrations

FORWARD = r"""
CREATE OR REPLACE FUNCTION questionnaire_refuse_locked(version_id bigint, what text) RETURNS void AS $$
DECLARE
    current_status varchar;
BEGIN
    SELECT status INTO current_status FROM questionnaire_questionnaireversion WHERE id = version_id;
    -- No row: the version is being deleted in the same statement, which only a draft may be.
    IF current_status IS NOT NULL AND current_status <> 'utkast' THEN
        RAISE EXCEPTION 'questionnaire: % in version % is %, not a draft; published versions are immutable',
            what, version_id, current_status USING ERRCODE = 'integrity_constraint_violation';
    END IF;
END;
$$ LANGUAGE plpgsql;

CREATE OR REPLACE FUNCTION questionnaire_section_guard() RETURNS trigger AS $$
BEGIN
    IF TG_OP IN ('UPDATE', 'DELETE') THEN PERFORM questionnaire_refuse_locked(OLD.version_id, 'section'); END IF;
    IF TG_OP IN ('UPDATE', 'INSERT') THEN PERFORM questionnaire_refuse_locked(NEW.version_id, 'section'); END IF;
    IF TG_OP = 'DELETE' THEN RETURN OLD; END IF;
    RETURN NEW;
END;
$$ LANGUAGE plpgsql;

CREATE OR REPLACE FUNCTION questionnaire_question_guard() RETURNS trigger AS $$
BEGIN
    IF TG_OP IN ('UPDATE', 'DELETE') THEN PERFORM questionnaire_refuse_locked(OLD.version_id, 'question'); END IF;
    IF TG_OP IN ('UPDATE', 'INSERT') THEN
        PERFORM questionnaire_refuse_locked(NEW.version_id, 'question');
        IF NEW.version_id IS DISTINCT FROM (SELECT version_id FROM questionnaire_section WHERE id = NEW.section_id) THEN
            RAISE EXCEPTION 'questionnaire: a question belongs to the version of its section'
                USING ERRCODE = 'integrity_constraint_violation';
        END IF;
    END IF;
    IF TG_OP = 'DELETE' THEN RETURN OLD; END IF;
    RETURN NEW;
END;
$$ LANGUAGE plpgsql;

CREATE OR REPLACE FUNCTION questionnaire_choice_guard() RETURNS trigger AS $$
BEGIN
    IF TG_OP IN ('UPDATE', 'DELETE') THEN
        PERFORM questionnaire_refuse_locked(
            (SELECT version_id FROM questionnaire_question WHERE id = OLD.question_id), 'choice');
    END IF;
    IF TG_OP IN ('UPDATE', 'INSERT') THEN
        PERFORM questionnaire_refuse_locked(
            (SELECT version_id FROM questionnaire_question WHERE id = NEW.question_id), 'choice');
    END IF;
    IF TG_OP = 'DELETE' THEN RETURN OLD; END IF;
    RETURN NEW;
END;
$$ LANGUAGE plpgsql;

-- The version row itself: only utkast -> publicerad -> arkiverad, and nothing else changes once published.
CREATE OR REPLACE FUNCTION questionnaire_version_guard() RETURNS trigger AS $$
BEGIN
    IF TG_OP = 'DELETE' THEN
        IF OLD.status <> 'utkast' THEN
            RAISE EXCEPTION 'questionnaire: version % is %, it cannot be deleted', OLD.id, OLD.status
                USING ERRCODE = 'integrity_constraint_violation';
        END IF;
        RETURN OLD;
    END IF;
    IF NEW.status <> OLD.status AND NOT (
        (OLD.status = 'utkast' AND NEW.status = 'publicerad')
        OR (OLD.status = 'publicerad' AND NEW.status = 'arkiverad')
    ) THEN
        RAISE EXCEPTION 'questionnaire: version % cannot go from % to %', OLD.id, OLD.status, NEW.status
            USING ERRCODE = 'integrity_constraint_violation';
    END IF;
    IF OLD.status <> 'utkast' AND (
        (NEW.questionnaire_id, NEW.number, NEW.notes, NEW.published_at)
            IS DISTINCT FROM (OLD.questionnaire_id, OLD.number, OLD.notes, OLD.published_at)
        OR (OLD.status = 'arkiverad' AND NEW.archived_at IS DISTINCT FROM OLD.archived_at)
    ) THEN
        RAISE EXCEPTION 'questionnaire: version % is %, it cannot be changed', OLD.id, OLD.status
            USING ERRCODE = 'integrity_constraint_violation';
    END IF;
    RETURN NEW;
END;
$$ LANGUAGE plpgsql;

CREATE TRIGGER questionnaire_section_guard BEFORE INSERT OR UPDATE OR DELETE ON questionnaire_section
    FOR EACH ROW EXECUTE FUNCTION questionnaire_section_guard();
CREATE TRIGGER questionnaire_question_guard BEFORE INSERT OR UPDATE OR DELETE ON questionnaire_question
    FOR EACH ROW EXECUTE FUNCTION questionnaire_question_guard();
CREATE TRIGGER questionnaire_choice_guard BEFORE INSERT OR UPDATE OR DELETE ON questionnaire_choice
    FOR EACH ROW EXECUTE FUNCTION questionnaire_choice_guard();
CREATE TRIGGER questionnaire_version_guard BEFORE UPDATE OR DELETE ON questionnaire_questionnaireversion
    FOR EACH ROW EXECUTE FUNCTION questionnaire_version_guard();
"""

BACKWARD = r"""
DROP TRIGGER IF EXISTS questionnaire_section_guard ON questionnaire_section;
DROP TRIGGER IF EXISTS questionnaire_question_guard ON questionnaire_question;
DROP TRIGGER IF EXISTS questionnaire_choice_guard ON questionnaire_choice;
DROP TRIGGER IF EXISTS questionnaire_version_guard ON questionnaire_questionnaireversion;
DROP FUNCTION IF EXISTS questionnaire_section_guard();
DROP FUNCTION IF EXISTS questionnaire_question_guard();
DROP FUNCTION IF EXISTS questionnaire_choice_guard();
DROP FUNCTION IF EXISTS questionnaire_version_guard();
DROP FUNCTION IF EXISTS questionnaire_refuse_locked(bigint, text);
"""


def run(sql):
    def operation(apps, schema_editor):
        if schema_editor.connection.vendor == "postgresql":
            schema_editor.execute(sql, params=None)  # None: the "%" in RAISE messages are not placeholders

    return operation


class Migration(migrations.Migration):
    dependencies = [("questionnaire", "0001_initial")]

    operations = [migrations.RunPython(run(FORWARD), run(BACKWARD), elidable=False)]
