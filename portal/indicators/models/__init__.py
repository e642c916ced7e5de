from portal.indicators.models.breakdown import BreakdownCategory, BreakdownDimension
from portal.indicators.models.indicator import Indicator, IndicatorKind, RollupRule

__all__ = ["BreakdownCategory", "BreakdownDimension", "Indicator", "IndicatorKind", "RollupRule"]
