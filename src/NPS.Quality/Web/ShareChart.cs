using System.Globalization;
using System.Net;
using System.Text;
using Microsoft.AspNetCore.Html;
using NPS.Quality.Compliance;

namespace NPS.Quality.Web;

/// <summary>One month of an indicator: its share within the threshold (null without sample) and its sample count.</summary>
public sealed record MonthShare(DateOnly Month, double? Share, int N);

/// <summary>
/// A small bar chart of an indicator's monthly share against its target, as inline SVG made on the server (no script).
/// Each bar is coloured by that month's verdict (the same rule as the table: a green bar is a compliant month, never a
/// share above the target that the interval does not confirm) and labelled with its share; its text alternative lists
/// every month with its verdict, so the figures never depend on seeing the colours.
/// </summary>
public static class ShareChart
{
    private static readonly string[] MonthNames = ["jan", "fév", "mar", "avr", "mai", "jun", "jul", "aoû", "sep", "oct", "nov", "déc"];

    /// <summary>
    /// Drawn at 640 units wide with 24-unit text: the stylesheet never shows a chart narrower than about 330 px (a 390 px
    /// phone), where the text is still 12 px or more.
    /// </summary>
    public const int Width = 640, Height = 300, Left = 78, Bottom = 38, Top = 34, FontSize = 24;

    public static string Colour(Verdict v) => v switch
    {
        Verdict.Compliant => "#18753c",
        Verdict.AtRisk => "#8a4b00",
        Verdict.NonCompliant => "#b3261e",
        _ => "#6a6a6a",
    };

    public static IHtmlContent Svg(string label, IReadOnlyList<MonthShare> months, double target, int minimumSamples = 1)
    {
        var inv = CultureInfo.InvariantCulture;
        var plotH = Height - Bottom - Top;
        var slot = (Width - Left - 4) / (double)Math.Max(1, months.Count);
        double Y(double share) => Top + plotH * (1 - share);
        Verdict VerdictOf(MonthShare m) => m.Share is { } s ? VerdictReading.OfMonth(m.N, (int)Math.Round(s * m.N), target, minimumSamples) : Verdict.InsufficientData;

        var alt = $"{label} : part dans le délai par mois, objectif {Fr.Percent(target)}. " + string.Join(" ; ",
            months.Select(m => $"{Fr.Month(m.Month)} : {(m.Share is null ? "aucun échantillon" : $"{Fr.Percent(m.Share)} sur {m.N} ({Statistics.Label(VerdictOf(m)).ToLowerInvariant()})")}"));

        var svg = new StringBuilder();
        svg.Append(inv, $"<svg class=\"chart\" viewBox=\"0 0 {Width} {Height}\" width=\"{Width}\" height=\"{Height}\" role=\"img\" aria-label=\"{WebUtility.HtmlEncode(alt)}\" font-size=\"{FontSize}\">");
        svg.Append(inv, $"<title>{WebUtility.HtmlEncode(alt)}</title>");
        foreach (var tick in new[] { 0.0, 0.5, 1.0 })
        {
            svg.Append(string.Format(inv, "<line x1=\"{0}\" x2=\"{1}\" y1=\"{2:0.#}\" y2=\"{2:0.#}\" stroke=\"#d0d4da\" stroke-width=\"2\"/>", Left, Width - 2, Y(tick)));
            svg.Append(string.Format(inv, "<text x=\"{0}\" y=\"{1:0.#}\" text-anchor=\"end\" fill=\"#3a3a3a\">{2}</text>", Left - 8, Y(tick) + 8, (tick * 100).ToString("0", inv) + " %"));
        }
        svg.Append(string.Format(inv, "<line x1=\"{0}\" x2=\"{1}\" y1=\"{2:0.#}\" y2=\"{2:0.#}\" stroke=\"#000091\" stroke-width=\"3\" stroke-dasharray=\"8 6\"/>", Left, Width - 2, Y(target)));
        for (var i = 0; i < months.Count; i++)
        {
            var m = months[i];
            var x = Left + i * slot + slot * 0.1;
            var w = slot * 0.8;
            var centre = x + w / 2;
            if (m.Share is { } share)
            {
                var verdict = VerdictOf(m);
                svg.Append(string.Format(inv, "<rect x=\"{0:0.#}\" y=\"{1:0.#}\" width=\"{2:0.#}\" height=\"{3:0.#}\" fill=\"{4}\" data-verdict=\"{5}\"/>",
                    x, Y(share), w, Math.Max(2, plotH * share), Colour(verdict), verdict));
                // The share above the bar, in whole percent (the exact figure is in the text alternative and the table).
                svg.Append(string.Format(inv, "<text x=\"{0:0.#}\" y=\"{1:0.#}\" text-anchor=\"middle\" fill=\"{2}\">{3}</text>",
                    centre, Math.Max(FontSize, Y(share) - 6), "#1e1e1e", Math.Round(share * 100).ToString("0", inv)));
            }
            else
            {
                svg.Append(string.Format(inv, "<text x=\"{0:0.#}\" y=\"{1:0.#}\" text-anchor=\"middle\" fill=\"#3a3a3a\">–</text>", centre, Y(0) - 6));
            }
            svg.Append(string.Format(inv, "<text x=\"{0:0.#}\" y=\"{1}\" text-anchor=\"middle\" fill=\"#3a3a3a\">{2}</text>",
                centre, Height - 10, MonthNames[m.Month.Month - 1]));
        }
        svg.Append("</svg>");
        return new HtmlString(svg.ToString());
    }
}
