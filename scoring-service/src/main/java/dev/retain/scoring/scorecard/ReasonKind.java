package dev.retain.scoring.scorecard;

/**
 * How a measure's value is put into words. {@code label} and {@code period} come from the measure;
 * {@code context} is the value of the measure's optional context feature. Examples are the default
 * scorecard's reasons.
 */
public enum ReasonKind {
  /** A relative change (-0.62 = -62%): "logins down 62% over the last 30 days". */
  CHANGE,
  /** A fraction shown as a percentage: "seat utilisation 45% over the last 30 days". */
  SHARE,
  /** A count; the label is singular: "3 support tickets in the last 30 days". */
  COUNT,
  /** A rate: "4.2 core events per seat over the last 30 days". */
  RATE,
  /** Open items, context = age of the oldest in days: "2 urgent tickets open, oldest 9 days". */
  OPEN_COUNT,
  /** Age of the oldest open item in days, context = how many are open: as {@link #OPEN_COUNT}. */
  OPEN_AGE,
  /** Days since something happened: "last login 12 days ago". */
  DAYS_AGO,
  /** Days until something happens: "renewal in 21 days". */
  DAYS_UNTIL,
  /** A duration in hours: "median resolution time 31 hours over the last 90 days". */
  HOURS,
  /** A Net Promoter score, context = change in points: "NPS 4 (detractor), down 5 points". */
  NPS,
  /**
   * A change in points between survey responses: "NPS down 5 points since the previous response".
   */
  POINTS_CHANGE,
  /** 1 or 0: the label when set ("last payment failed"), the off-label when not. */
  FLAG,
  /** The value and its unit: "{label} 12.5 {unit}". */
  VALUE
}
