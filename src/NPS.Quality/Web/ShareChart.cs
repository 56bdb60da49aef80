using System.Globalization;
using System.Net;
using System.Text;
using Microsoft.AspNetCore.Html;

namespace NPS.Quality.Web;

/// <summary>One month of an indicator: its share within the threshold (null without sample) and its sample count.</summary>
public sealed record MonthShare(DateOnly Month, double? Share, int N);

/// <summary>
/// A small bar chart of an indicator's monthly share against its target, as inline SVG made on the server (no script).
/// Its text alternative lists every month, so the figures never depend on seeing the colours.
/// </summary>
public static class ShareChart
{
    private static readonly string[] MonthNames = ["janv", "févr", "mars", "avr", "mai", "juin", "juil", "août", "sept", "oct", "nov", "déc"];
    private const int Width = 300, Height = 120, Left = 34, Bottom = 20, Top = 8;

    public static IHtmlContent Svg(string label, IReadOnlyList<MonthShare> months, double target)
    {
        var inv = CultureInfo.InvariantCulture;
        var plotH = Height - Bottom - Top;
        var slot = (Width - Left - 4) / (double)Math.Max(1, months.Count);
        double Y(double share) => Top + plotH * (1 - share);

        var alt = $"{label} : part dans le délai par mois, objectif {Fr.Percent(target)}. " + string.Join(" ; ",
            months.Select(m => $"{Fr.Month(m.Month)} : {(m.Share is null ? "aucun échantillon" : $"{Fr.Percent(m.Share)} sur {m.N}")}"));

        var svg = new StringBuilder();
        svg.Append(CultureInfo.InvariantCulture, $"<svg class=\"chart\" viewBox=\"0 0 {Width} {Height}\" width=\"{Width}\" height=\"{Height}\" role=\"img\" aria-label=\"{WebUtility.HtmlEncode(alt)}\">");
        svg.Append(CultureInfo.InvariantCulture, $"<title>{WebUtility.HtmlEncode(alt)}</title>");
        foreach (var tick in new[] { 0.0, 0.5, 1.0 })
        {
            svg.Append(string.Format(inv, "<line x1=\"{0}\" x2=\"{1}\" y1=\"{2:0.#}\" y2=\"{2:0.#}\" stroke=\"#d0d4da\" stroke-width=\"1\"/>", Left, Width - 2, Y(tick)));
            svg.Append(string.Format(inv, "<text x=\"{0}\" y=\"{1:0.#}\" font-size=\"9\" text-anchor=\"end\" fill=\"#555\">{2}</text>", Left - 4, Y(tick) + 3, (tick * 100).ToString("0", inv) + " %"));
        }
        for (var i = 0; i < months.Count; i++)
        {
            var m = months[i];
            var x = Left + i * slot + slot * 0.15;
            var w = slot * 0.7;
            if (m.Share is { } share)
            {
                var colour = share >= target ? "#18753c" : "#b3261e";
                svg.Append(string.Format(inv, "<rect x=\"{0:0.#}\" y=\"{1:0.#}\" width=\"{2:0.#}\" height=\"{3:0.#}\" fill=\"{4}\"/>",
                    x, Y(share), w, Math.Max(1, plotH * share), colour));
            }
            else
            {
                svg.Append(string.Format(inv, "<text x=\"{0:0.#}\" y=\"{1:0.#}\" font-size=\"9\" text-anchor=\"middle\" fill=\"#767676\">–</text>", x + w / 2, Y(0) - 3));
            }
            svg.Append(string.Format(inv, "<text x=\"{0:0.#}\" y=\"{1}\" font-size=\"8\" text-anchor=\"middle\" fill=\"#555\">{2}</text>",
                x + w / 2, Height - 6, MonthNames[m.Month.Month - 1]));
        }
        svg.Append(string.Format(inv, "<line x1=\"{0}\" x2=\"{1}\" y1=\"{2:0.#}\" y2=\"{2:0.#}\" stroke=\"#000091\" stroke-width=\"1.5\" stroke-dasharray=\"4 3\"/>", Left, Width - 2, Y(target)));
        svg.Append("</svg>");
        return new HtmlString(svg.ToString());
    }
}
