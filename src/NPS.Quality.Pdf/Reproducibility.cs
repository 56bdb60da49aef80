using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;

namespace NPS.Quality.Pdf;

/// <summary>
/// PDFsharp puts three random values in every file: font-subset tags (from Guid.NewGuid()), the XMP
/// document and instance ids, and the trailer /ID. It offers no hook for them, so they are rewritten in
/// the saved bytes with values derived from the rest of the file. Every replacement has the length of
/// the original, so the cross-reference offsets stay valid.
/// </summary>
internal static partial class Reproducibility
{
    // Anchored on the dictionary keys so that bytes inside compressed streams are never touched.
    [GeneratedRegex(@"/(?:BaseFont|FontName)/([A-Z]{6})\+")]
    private static partial Regex SubsetTag();

    [GeneratedRegex(@"<xmpMM:(?:DocumentID|InstanceID)>uuid:([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})<")]
    private static partial Regex XmpId();

    [GeneratedRegex(@"trailer\s*<<.*?/ID\s*\[\s*<([0-9A-Fa-f]{32})>\s*<([0-9A-Fa-f]{32})>", RegexOptions.Singleline)]
    private static partial Regex TrailerId();

    public static void MakeDeterministic(byte[] pdf)
    {
        // Latin-1 maps every byte to one char, so string indexes are byte offsets.
        var text = Encoding.Latin1.GetString(pdf);
        var spans = new List<(int Index, int Length, string Kind, string Original)>();
        foreach (Match m in SubsetTag().Matches(text)) spans.Add((m.Groups[1].Index, 6, "tag", m.Groups[1].Value));
        foreach (Match m in XmpId().Matches(text)) spans.Add((m.Groups[1].Index, 36, "xmp", m.Groups[1].Value));
        foreach (Match m in TrailerId().Matches(text))
        {
            spans.Add((m.Groups[1].Index, 32, "id", m.Groups[1].Value));
            spans.Add((m.Groups[2].Index, 32, "id", m.Groups[2].Value));
        }
        if (spans.Count == 0) return;

        // The fingerprint is the file with every random span blanked: equal content, equal fingerprint.
        foreach (var span in spans) Array.Fill(pdf, (byte)'0', span.Index, span.Length);
        var fingerprint = SHA256.HashData(pdf);

        var tags = new Dictionary<string, string>();
        var used = new HashSet<string>();
        foreach (var span in spans.OrderBy(s => s.Index))
        {
            var replacement = span.Kind switch
            {
                "tag" => TagFor(span.Original, fingerprint, tags, used),
                "xmp" => new Guid(fingerprint.AsSpan(0, 16)).ToString("D"),
                _ => Convert.ToHexString(fingerprint, 0, 16),
            };
            Encoding.ASCII.GetBytes(replacement, 0, replacement.Length, pdf, span.Index);
        }
    }

    /// <summary>Six capitals per distinct random tag, numbered in order of first appearance.</summary>
    private static string TagFor(string original, byte[] fingerprint, Dictionary<string, string> tags, HashSet<string> used)
    {
        if (tags.TryGetValue(original, out var tag)) return tag;
        for (var attempt = 0; ; attempt++)
        {
            var seed = SHA256.HashData([.. fingerprint, .. BitConverter.GetBytes(tags.Count), .. BitConverter.GetBytes(attempt)]);
            tag = new string(seed.Take(6).Select(b => (char)('A' + b % 26)).ToArray());
            if (used.Add(tag)) break;
        }
        tags[original] = tag;
        return tag;
    }
}
