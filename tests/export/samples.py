"""Packet contents for the export tests. The non-English texts are test data."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime

from app.domain import referral_rules as rules
from app.domain.person import PersonProfile
from app.export.content import (
    Consent,
    ContactInfo,
    DeclinedQuestion,
    Finding,
    Indicator,
    PacketContent,
    Recipient,
    Words,
)

ALL_SECTIONS = frozenset(rules.SECTIONS)

DECLINED_MARK = "Were you told you owed a debt for the journey?"
NOTE_MARK = "Prefers a female interviewer; ring before visiting."
INDICATOR_MARK = "Was the job different from the one you were promised?"


def packet(lang: str = "en", sections: frozenset[str] = ALL_SECTIONS, **changes) -> PacketContent:
    """A full packet in `lang` (labels translated when drawn) with every section."""
    content = PacketContent(
        lang=lang,
        reference="WS-2026-0042-R1",
        created=datetime(2026, 3, 3, 9, 30, tzinfo=UTC),
        urgency="urgent",
        organisation="Harbour Outreach Network",
        worker=ContactInfo("Amina Rahman", "caseworker", "+44 20 7946 0011", "amina@example.org"),
        recipient=Recipient(
            "Hope Shelter",
            "shelter",
            phone="+44 20 7946 0999",
            email="intake@hope.example",
            address="12 Quay Street",
            intake="phone the duty worker, 8:00-20:00",
        ),
        consent=Consent(datetime(2026, 3, 3, 9, 5, tzinfo=UTC), given_by="person"),
        interpreter="phone",
        sections=sections,
        needs=("safe_housing", "medical", "interpreter", "other"),
        other_need="warm clothing",
        outcome_title="Indicators present: referral recommended",
        outcome_description="Refer for a full assessment and support.",
        child=False,
        person=PersonProfile(
            age_band="25-34",
            gender="woman",
            languages=("ar", "en"),
            preferred_language="ar",
            dependant_children=2,
            place_kind="reception",
            contact_way="phone",
            contact_detail="+44 20 7946 0123",
            contact_time="weekdays after 18:00",
            address="Room 4, 12 Quay Street",
            written_lang="en",
        ),
        findings=(
            Finding(
                "Deceptive recruitment",
                True,
                (
                    Indicator("Q2", INDICATOR_MARK, "strong", (Words("Yes"),)),
                    Indicator(
                        "Q3", "Were you told false things about pay?", "medium", (Words("No"),)
                    ),
                ),
            ),
            Finding("Coercion at destination", False, ()),
        ),
        declined=(DeclinedQuestion("Q9", DECLINED_MARK),),
        note=NOTE_MARK,
        contacts=(ContactInfo("Duty line", "Harbour Outreach Network", "+44 20 7946 0000"),),
        next_steps=("Hope Shelter confirms a bed by phone.", "Clinic visit on Thursday."),
    )
    return replace(content, **changes)


ARABIC_NOTE = (
    "تفضل الشخص مقابلة مع امرأة. يرجى الاتصال بالرقم 0123 456 789 قبل الزيارة، "
    "واستخدام خدمة Hope Shelter للسكن الآمن لمدة 14 يوما على الأقل."
)
FARSI_NOTE = (
    "این شخص ترجیح می‌دهد با یک زن صحبت کند. لطفاً پیش از ملاقات با Hope Shelter تماس بگیرید "
    "و برای ۱۴ روز مسکن امن فراهم کنید."
)
HINDI_NOTE = (
    "व्यक्ति एक महिला साक्षात्कारकर्ता को प्राथमिकता देता है। मिलने से पहले Hope Shelter को "
    "फ़ोन करें और कम से कम 14 दिनों के लिए सुरक्षित आवास की व्यवस्था करें।"
)
THAI_NOTE = (
    "บุคคลนี้ต้องการผู้สัมภาษณ์ที่เป็นผู้หญิงโปรดโทรหา Hope Shelter ก่อนเข้าเยี่ยมและจัดหาที่พักที่ปลอดภัยอย่างน้อย 14 วัน"
)
