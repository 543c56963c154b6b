"""Arabic and Farsi packet labels for tests and screenshots: TEST DATA, not the app's catalogs.

The app's Arabic and Farsi catalogs are drafts still being written; these
few labels let the tests and screenshots show a fully right-to-left packet.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator

from app.export import packet as packet_module

_ARABIC = {
    "Referral packet": "ملف الإحالة",
    "Confidential": "سري",
    "Referring organisation": "الجهة المحيلة",
    "Referring worker": "الموظف المحيل",
    "Referred to": "الجهة المحال إليها",
    "Date": "التاريخ",
    "Urgency": "درجة الاستعجال",
    "Packet reference": "رقم الملف",
    "Consent": "الموافقة",
    "Shared with the person's agreement": "ما يُشارك بموافقة الشخص",
    "Interpreter": "المترجم",
    "Needs": "الاحتياجات",
    "Screening result": "نتيجة الفحص",
    "Indicators found, by dimension": "المؤشرات حسب البعد",
    "Questions the person chose not to answer": "أسئلة اختار الشخص عدم الإجابة عنها",
    "Note from the referring worker": "ملاحظة من الموظف المحيل",
    "Contacts and next steps": "جهات الاتصال والخطوات التالية",
    "Next steps": "الخطوات التالية",
    "Page {page} of {pages}": "صفحة {page} من {pages}",
    "Packet {reference}": "الملف {reference}",
    "The person agreed to this referral on {date}.": "وافق الشخص على هذه الإحالة في {date}.",
    "urgent: within 24 hours": "عاجل: خلال 24 ساعة",
    "an interpreter by phone": "مترجم عبر الهاتف",
    "safe housing": "سكن آمن",
    "medical care": "رعاية طبية",
    "an interpreter": "مترجم",
    "other": "أخرى",
    "shelter": "مأوى",
    "{service} ({type})": "{service} ({type})",
    "positive": "إيجابي",
    "not positive": "غير إيجابي",
    "strong": "قوي",
    "medium": "متوسط",
    "weak": "ضعيف",
    "no indicators": "لا مؤشرات",
    "Referring worker: {contact}": "الموظف المحيل: {contact}",
    "How {service} takes referrals: {intake}": "طريقة استقبال {service} للإحالات: {intake}",
}

_FARSI = {
    "Referral packet": "پرونده ارجاع",
    "Confidential": "محرمانه",
    "Referring organisation": "سازمان ارجاع‌دهنده",
    "Referring worker": "کارشناس ارجاع‌دهنده",
    "Referred to": "ارجاع به",
    "Date": "تاریخ",
    "Urgency": "فوریت",
    "Packet reference": "شماره پرونده",
    "Consent": "رضایت",
    "Interpreter": "مترجم",
    "Needs": "نیازها",
    "Screening result": "نتیجه غربالگری",
    "Note from the referring worker": "یادداشت کارشناس ارجاع‌دهنده",
    "Contacts and next steps": "تماس‌ها و گام‌های بعدی",
    "Page {page} of {pages}": "صفحه {page} از {pages}",
    "Packet {reference}": "پرونده {reference}",
    "safe housing": "مسکن امن",
    "medical care": "مراقبت پزشکی",
}

SAMPLES = {"ar": _ARABIC, "fa": _FARSI}


@contextlib.contextmanager
def sample_translations() -> Iterator[None]:
    """Packet labels in Arabic and Farsi from the test data above, others unchanged."""
    original = packet_module.translate

    def translate(message: str, lang: str) -> str:
        return SAMPLES.get(lang, {}).get(message) or original(message, lang)

    packet_module.translate = translate
    try:
        yield
    finally:
        packet_module.translate = original
