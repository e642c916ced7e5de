from portal.reports.models.financial import FinancialLine, ReportAttachment
from portal.reports.models.indicator_value import IndicatorValue
from portal.reports.models.narrative import NarrativeSection
from portal.reports.models.reminder import ReminderSent
from portal.reports.models.report import Report, ReportComment, ReportKind, ReportStatus, ReportVersion

__all__ = [
    "FinancialLine", "IndicatorValue", "NarrativeSection", "ReminderSent", "Report", "ReportAttachment",
    "ReportComment", "ReportKind", "ReportStatus", "ReportVersion",
]
