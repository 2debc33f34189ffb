"""Participants, their consent and secrecy waivers, and their way through the project (one module per concept)."""

from participants.models.consent import (  # noqa: F401
    AccessRequest,
    AppendOnlyModel,
    Consent,
    ConsentForm,
    ConsentQuerySet,
    ConsentWithdrawal,
    SecrecyWaiver,
    WaiverQuerySet,
    WaiverWithdrawal,
    document_path,
)
from participants.models.outcomes import (  # noqa: F401
    WORK_OR_STUDIES,
    Occupation,
    Outcome,
    OutcomeMoment,
    OutcomeSupport,
    Support,
)
from participants.models.participant import (  # noqa: F401
    Participant,
    ParticipantGroupObjectPermission,
    ParticipantQuerySet,
    ParticipantUserObjectPermission,
    ResponsibleCaseworker,
    StatusChange,
)
from participants.models.person import (  # noqa: F401
    EducationLevel,
    Gender,
    IdentityKind,
    ProtectedIdentity,
    gender_from_number,
)
from participants.models.target_group import (  # noqa: F401
    AF_YEARS_REQUIRED,
    ENDED,
    FLOW,
    JOB_DAYS_REQUIRED,
    NEEDS_REASON,
    Benefit,
    ClosingReason,
    Criterion,
    District,
    Status,
    add_years,
    eligibility_failures,
    failed_criteria,
    whole_years,
)
from participants.models.task import Task  # noqa: F401
