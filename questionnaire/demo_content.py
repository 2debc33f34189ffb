"""The demo questionnaire's wording: version 1 section by section, and what version 2 changed."""

from insikt.areas import InsightArea
from questionnaire.models import QuestionType

NAME = "Insikt – samtal vid flerpartsmöte"
DESCRIPTION = (
    "Frågorna ställs av handläggaren i samtalet vid flerpartsmötet, så att deltagaren kan ge sin bild av hur "
    "stödet från Arbetsförmedlingen och Malmö stad har upplevts över tid. Deltagaren väljer själv vad hen vill berätta."
)
T, ONE, MANY, SCALE, YN, NUM, DATE = (
    QuestionType.TEXT,
    QuestionType.SINGLE,
    QuestionType.MULTIPLE,
    QuestionType.SCALE,
    QuestionType.YES_NO,
    QuestionType.NUMBER,
    QuestionType.DATE,
)


def q(key, kind, text, help_text="", *, required=False, choices=()):
    """A question of the demo: (key, type, text, help text, required, [(value, label), …])."""
    return (key, kind, text, help_text, required, list(choices))


# Version 1, section by section: (insight area, title, introduction, questions).
VERSION_1 = [
    (
        InsightArea.WORK,
        "Arbete och jobbsökning",
        "Börja i det deltagaren själv tar upp om arbete.",
        [
            q("senaste-arbete", DATE, "När hade du senast ett arbete?", "Ungefärligt datum räcker."),
            q("arbete-erfarenhet", T, "Berätta om de arbeten du har haft. Vad fungerade bra?", required=True),
            q(
                "soker-arbete",
                ONE,
                "Hur söker du arbete i dag?",
                required=True,
                choices=[
                    ("aktivt", "Söker aktivt varje vecka"),
                    ("ibland", "Söker ibland"),
                    ("inte-nu", "Söker inte just nu"),
                    ("vet-inte", "Vet inte hur jag ska söka"),
                ],
            ),
            q(
                "ansokningar-manad",
                NUM,
                "Ungefär hur många arbeten har du sökt den senaste månaden?",
                "Skriv 0 om inga.",
            ),
            q(
                "tro-pa-arbete",
                SCALE,
                "Hur stor tror du att chansen är att du har ett arbete om ett år?",
                "1 = mycket liten, 5 = mycket stor",
            ),
        ],
    ),
    (
        InsightArea.ACTIVITIES,
        "Aktiviteter och planering",
        "",
        [
            q(
                "insatser-tidigare",
                MANY,
                "Vilka insatser har du tagit del av genom åren?",
                "Välj alla som stämmer.",
                choices=[
                    ("utbildning", "Arbetsmarknadsutbildning"),
                    ("praktik", "Praktik"),
                    ("subventionerad", "Subventionerad anställning, t.ex. nystartsjobb"),
                    ("studier", "Studier, t.ex. sfi eller komvux"),
                    ("rehabilitering", "Arbetslivsinriktad rehabilitering"),
                    ("kommunal", "Malmö stads arbetsmarknadsinsatser"),
                    ("ingen", "Inga insatser"),
                ],
            ),
            q(
                "insatser-hjalpt",
                SCALE,
                "Hur mycket har insatserna hjälpt dig närmare ett arbete?",
                "1 = inte alls, 5 = mycket",
            ),
            q("planering-tydlig", YN, "Har du en planering som du själv tycker är tydlig?", required=True),
            q("planering-delaktig", T, "Hur har du varit delaktig när din planering gjorts?"),
        ],
    ),
    (
        InsightArea.ORGANISATION,
        "Organisering och kontakt",
        "",
        [
            q(
                "kontakt-handlaggare",
                ONE,
                "Hur ofta har du kontakt med din handläggare på Arbetsförmedlingen?",
                choices=[
                    ("varje-vecka", "Varje vecka"),
                    ("varje-manad", "Varje månad"),
                    ("mer-sallan", "Mer sällan"),
                    ("nastan-aldrig", "Nästan aldrig"),
                ],
            ),
            q("byten-handlaggare", NUM, "Hur många gånger har du bytt handläggare de senaste två åren?"),
            q(
                "kontaktvag",
                MANY,
                "Hur vill du helst ha kontakt med oss?",
                "Välj alla som passar.",
                choices=[
                    ("mote", "Möte på plats"),
                    ("telefon", "Telefon"),
                    ("video", "Videomöte"),
                    ("digitalt", "Meddelanden på Mina sidor"),
                    ("brev", "Brev"),
                ],
            ),
            q("vet-vem-kontakta", YN, "Vet du vem du ska kontakta när något händer?", required=True),
        ],
    ),
    (
        InsightArea.DOCUMENTATION,
        "Dokumentation",
        "Frågorna gäller det som står om deltagaren hos oss.",
        [
            q("kanner-igen-plan", YN, "Känner du igen dig i det som står i din planering?"),
            q("handlingar-saknas", T, "Finns det något i dina handlingar som du tycker är fel eller saknas?"),
        ],
    ),
    (
        InsightArea.HEALTH,
        "Hälsa",
        "Deltagaren väljer själv vad hen vill berätta. Skriv bara det som behövs för planeringen.",
        [
            q(
                "halsa-paverkar",
                SCALE,
                "Hur mycket påverkar din hälsa möjligheten att arbeta?",
                "1 = inte alls, 5 = i mycket hög grad",
                required=True,
            ),
            q("vard-kontakt", YN, "Har du kontakt med vården för det som påverkar dig?"),
            q("sjukskrivning-datum", DATE, "Om du har varit sjukskriven: när började den senaste sjukskrivningen?"),
            q("halsa-stod", T, "Vilket stöd skulle göra skillnad för din hälsa?"),
        ],
    ),
    (
        InsightArea.OTHER_OBSTACLES,
        "Övriga hinder och begränsningar",
        "",
        [
            q(
                "hinder",
                MANY,
                "Finns det annat som gör det svårt att arbeta eller delta i insatser?",
                "Välj alla som stämmer.",
                choices=[
                    ("ekonomi", "Ekonomi eller skulder"),
                    ("bostad", "Bostadssituationen"),
                    ("sprak", "Svenska språket"),
                    ("omsorg", "Barnomsorg eller omsorg om en anhörig"),
                    ("resor", "Resor och transport"),
                    ("digitalt", "Digitala tjänster och verktyg"),
                    ("annat", "Annat"),
                ],
            ),
            q("hinder-beskriv", T, "Berätta mer om det som hindrar dig."),
        ],
    ),
    (
        InsightArea.COOPERATION,
        "Samverkan",
        "Avsluta med deltagarens bild av samarbetet och vad som behövs härnäst.",
        [
            q(
                "samverkan-upplevelse",
                SCALE,
                "Hur väl tycker du att Arbetsförmedlingen och Malmö stad har samarbetat kring dig?",
                "1 = inte alls, 5 = mycket väl",
                required=True,
            ),
            q(
                "samverkan-forbattra",
                T,
                "Vad skulle kunna bli bättre i hur vi arbetar tillsammans med dig?",
                required=True,
            ),
            q(
                "stod-harnast",
                ONE,
                "Var tror du själv att du behöver stöd härnäst?",
                choices=[
                    ("af", "Arbetsförmedlingen"),
                    ("ama", "Malmö stad – arbetsmarknad"),
                    ("ekonomiskt", "Malmö stad – ekonomiskt bistånd"),
                    ("region", "Region Skåne – vård"),
                    ("fk", "Försäkringskassan"),
                    ("studier", "Studier"),
                    ("vet-inte", "Vet inte"),
                ],
            ),
        ],
    ),
]

# Version 2: what the team changed after the first months of meetings.
REWORDED = {
    "tro-pa-arbete": (
        "Hur ser du på dina möjligheter att få ett arbete inom ett år?",
        "1 = mycket små, 5 = mycket goda",
    ),
    "planering-delaktig": ("På vilket sätt har du själv fått vara med och bestämma din planering?", ""),
    "halsa-stod": ("Vilket stöd för din hälsa skulle göra mest skillnad för dig just nu?", ""),
}
REMOVED = {"byten-handlaggare", "sjukskrivning-datum"}
ADDED = {  # by the section's insight area, appended to it
    InsightArea.WORK: [q("onskat-arbete", T, "Vilket slags arbete skulle du vilja ha?")],
    InsightArea.DOCUMENTATION: [q("fatt-kopia", YN, "Har du fått en kopia av din planering?")],
    InsightArea.OTHER_OBSTACLES: [
        q("vill-skuldradgivning", YN, "Vill du ha kontakt med Malmö stads budget- och skuldrådgivning?")
    ],
}
NEW_CHOICES = {"hinder": [("korkort", "Saknar körkort")]}

TEXTS = {
    "arbete-erfarenhet": [
        "Lagerarbete i flera år, trivdes med kollegorna men ryggen tog slut.",
        "Städ och restaurang. Bra när det fanns fasta tider.",
        "Har mest haft kortare vikariat inom äldreomsorgen.",
        "Byggarbetsplatser via bemanningsföretag, tyckte om att arbeta med händerna.",
    ],
    "planering-delaktig": [
        "Inte så mycket, planeringen skrevs av handläggaren.",
        "Fick vara med vid senaste mötet, det kändes bättre.",
        "Vet inte riktigt vad som står i planeringen.",
    ],
    "handlingar-saknas": [
        "Min utbildning från hemlandet finns inte med.",
        "",
        "Det står att jag tackat nej till en insats, men jag var sjuk.",
    ],
    "halsa-stod": [
        "Kortare dagar i början.",
        "Hjälp att få en tid hos vårdcentralen.",
        "Någon att prata med om stress.",
    ],
    "hinder-beskriv": [
        "Skulder gör att jag inte orkar tänka på annat.",
        "Svårt att resa till insatser utanför Malmö.",
        "",
    ],
    "samverkan-forbattra": [
        "Att man inte behöver berätta samma sak för alla.",
        "Ett gemensamt möte som det här tidigare.",
        "Att handläggarna pratar med varandra innan de bestämmer något.",
        "Mer tid på varje möte.",
    ],
    "onskat-arbete": [
        "Lager eller truckförare.",
        "Något inom köket.",
        "Vaktmästare eller fastighetsskötsel.",
        "Vet inte ännu.",
    ],
}
