package dev.retain.scoring.scorecard;

/** Puts a measure's value into plain words, according to its {@link ReasonKind}. */
final class Reasons {

  private Reasons() {}

  /**
   * @param context the value of the measure's context feature, NaN when it has none or it is absent
   */
  static String describe(Measure m, double value, double context) {
    String label = m.label();
    StringBuilder sb = new StringBuilder(48);
    switch (m.reason()) {
      case CHANGE -> {
        long percent = Math.round(Math.abs(value) * 100);
        sb.append(label);
        if (percent == 0) {
          sb.append(" flat");
        } else {
          sb.append(value < 0 ? " down " : " up ").append(percent).append('%');
        }
        over(sb, m);
      }
      case SHARE -> {
        sb.append(label).append(' ').append(Math.round(value * 100)).append('%');
        over(sb, m);
      }
      case COUNT -> {
        long n = Math.round(value);
        count(sb, n, label);
        if (m.period() != null) {
          sb.append(" in the last ").append(m.period());
        }
      }
      case RATE -> {
        number(sb, value).append(' ').append(label);
        over(sb, m);
      }
      case OPEN_COUNT -> open(sb, label, value, context);
      case OPEN_AGE -> {
        if (Double.isNaN(context)) {
          sb.append("oldest ").append(label).append(" open ");
          days(sb, value);
        } else {
          open(sb, label, context, value);
        }
      }
      case DAYS_AGO -> {
        long n = Math.round(value);
        sb.append(label);
        if (n <= 0) {
          sb.append(" today");
        } else if (n == 1) {
          sb.append(" yesterday");
        } else {
          sb.append(' ').append(n).append(" days ago");
        }
      }
      case DAYS_UNTIL -> {
        long n = Math.round(value);
        sb.append(label);
        if (n == 0) {
          sb.append(" today");
        } else if (n == 1) {
          sb.append(" tomorrow");
        } else if (n > 1) {
          sb.append(" in ").append(n).append(" days");
        } else {
          sb.append(' ').append(-n).append(n == -1 ? " day ago" : " days ago");
        }
      }
      case HOURS -> {
        sb.append(label);
        if (value < 0.5) {
          sb.append(" under an hour");
        } else {
          long n = Math.round(value);
          sb.append(' ').append(n).append(n == 1 ? " hour" : " hours");
        }
        over(sb, m);
      }
      case NPS -> {
        sb.append(label).append(' ');
        number(sb, value).append(" (").append(npsCategory(value)).append(')');
        if (!Double.isNaN(context)) {
          sb.append(", ");
          pointsChange(sb, context);
        }
      }
      case POINTS_CHANGE -> {
        sb.append(label).append(' ');
        pointsChange(sb, value).append(" since the previous response");
      }
      case FLAG -> sb.append(value >= 0.5 ? label : m.offLabel());
      case VALUE -> {
        sb.append(label).append(' ');
        number(sb, value);
        if (m.unit() != null) {
          sb.append(' ').append(m.unit());
        }
      }
    }
    return sb.toString();
  }

  private static void over(StringBuilder sb, Measure m) {
    if (m.period() != null) {
      sb.append(" over the last ").append(m.period());
    }
  }

  private static void count(StringBuilder sb, long n, String singular) {
    if (n == 0) {
      sb.append("no ").append(singular).append('s');
    } else {
      sb.append(n).append(' ').append(singular);
      if (n != 1) {
        sb.append('s');
      }
    }
  }

  /** "no urgent tickets open", "1 urgent ticket open for 3 days", "2 … open, oldest 9 days". */
  private static void open(StringBuilder sb, String singular, double count, double oldestDays) {
    long n = Math.round(count);
    count(sb, n, singular);
    sb.append(" open");
    if (n > 0 && !Double.isNaN(oldestDays)) {
      sb.append(n == 1 ? " for " : ", oldest ");
      days(sb, oldestDays);
    }
  }

  private static void days(StringBuilder sb, double days) {
    long n = Math.round(days);
    if (n <= 0) {
      sb.append("less than a day");
    } else {
      sb.append(n).append(n == 1 ? " day" : " days");
    }
  }

  private static StringBuilder pointsChange(StringBuilder sb, double change) {
    long tenths = Math.round(change * 10);
    if (tenths == 0) {
      return sb.append("unchanged");
    }
    sb.append(tenths < 0 ? "down " : "up ");
    number(sb, Math.abs(change));
    return sb.append(tenths == 10 || tenths == -10 ? " point" : " points");
  }

  private static String npsCategory(double score) {
    if (score < 7) {
      return "detractor";
    }
    return score < 9 ? "passive" : "promoter";
  }

  /** At most one decimal, none when it is zero: 4, 4.2, -0.5. */
  static StringBuilder number(StringBuilder sb, double value) {
    long tenths = Math.round(value * 10);
    if (tenths < 0) {
      sb.append('-');
      tenths = -tenths;
    }
    sb.append(tenths / 10);
    if (tenths % 10 != 0) {
      sb.append('.').append(tenths % 10);
    }
    return sb;
  }
}
