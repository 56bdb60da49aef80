using System.Security.Cryptography;
using System.Text;

namespace NPS.Quality.Pdf;

/// <summary>
/// PDFsharp puts three random values in every file: font-subset tags (from Guid.NewGuid()), the XMP
/// document and instance ids, and the trailer /ID. It offers no hook for them, so they are rewritten in
/// the saved bytes with values derived from the rest of the file. Every replacement has the length of
/// the original, so the cross-reference offsets stay valid. The bytes are searched as bytes: no copy of the file.
/// </summary>
internal static class Reproducibility
{
    private enum Kind { Tag, Xmp, Id }

    public static void MakeDeterministic(Span<byte> pdf)
    {
        var spans = new List<(int Index, int Length, Kind Kind)>();
        // Anchored on the dictionary keys ("/BaseFont/ABCDEF+DejaVuSans"), so that bytes inside compressed streams are
        // not taken for a tag by chance.
        foreach (var key in new[] { "/BaseFont/"u8.ToArray(), "/FontName/"u8.ToArray() })
            foreach (var at in Occurrences(pdf, key))
            {
                var tag = at + key.Length;
                if (tag + 7 <= pdf.Length && pdf[tag + 6] == '+' && IsUpper(pdf.Slice(tag, 6))) spans.Add((tag, 6, Kind.Tag));
            }
        foreach (var key in new[] { "<xmpMM:DocumentID>uuid:"u8.ToArray(), "<xmpMM:InstanceID>uuid:"u8.ToArray() })
            foreach (var at in Occurrences(pdf, key))
            {
                var id = at + key.Length;
                if (id + 37 <= pdf.Length && pdf[id + 36] == '<' && IsUuid(pdf.Slice(id, 36))) spans.Add((id, 36, Kind.Xmp));
            }
        var trailer = pdf.LastIndexOf("trailer"u8);
        if (trailer >= 0)
        {
            var idKey = pdf[trailer..].IndexOf("/ID"u8);
            if (idKey >= 0)
            {
                var cursor = trailer + idKey + 3;
                for (var k = 0; k < 2; k++)
                {
                    var open = pdf[cursor..].IndexOf((byte)'<');
                    if (open < 0) break;
                    var start = cursor + open + 1;
                    if (start + 33 > pdf.Length || pdf[start + 32] != '>' || !IsHex(pdf.Slice(start, 32))) break;
                    spans.Add((start, 32, Kind.Id));
                    cursor = start + 33;
                }
            }
        }
        if (spans.Count == 0) return;
        spans.Sort((a, b) => a.Index.CompareTo(b.Index));

        // The fingerprint is the file with every random span blanked: equal content, equal fingerprint.
        var originals = new List<string>(spans.Count);
        foreach (var span in spans) originals.Add(Encoding.ASCII.GetString(pdf.Slice(span.Index, span.Length)));
        foreach (var span in spans) pdf.Slice(span.Index, span.Length).Fill((byte)'0');
        var fingerprint = SHA256.HashData(pdf);

        var tags = new Dictionary<string, string>();
        var used = new HashSet<string>();
        for (var i = 0; i < spans.Count; i++)
        {
            var span = spans[i];
            var replacement = span.Kind switch
            {
                Kind.Tag => TagFor(originals[i], fingerprint, tags, used),
                Kind.Xmp => new Guid(fingerprint.AsSpan(0, 16)).ToString("D"),
                _ => Convert.ToHexString(fingerprint, 0, 16),
            };
            Encoding.ASCII.GetBytes(replacement, pdf.Slice(span.Index, span.Length));
        }
    }

    private static List<int> Occurrences(ReadOnlySpan<byte> pdf, ReadOnlySpan<byte> key)
    {
        var found = new List<int>();
        for (var from = 0; ;)
        {
            var at = pdf[from..].IndexOf(key);
            if (at < 0) return found;
            found.Add(from + at);
            from += at + key.Length;
        }
    }

    private static bool IsUpper(ReadOnlySpan<byte> bytes)
    {
        foreach (var b in bytes)
            if (b is < (byte)'A' or > (byte)'Z') return false;
        return true;
    }

    private static bool IsHex(ReadOnlySpan<byte> bytes)
    {
        foreach (var b in bytes)
            if (!char.IsAsciiHexDigit((char)b)) return false;
        return true;
    }

    /// <summary>8-4-4-4-12 lower-case hex digits.</summary>
    private static bool IsUuid(ReadOnlySpan<byte> bytes)
    {
        for (var i = 0; i < bytes.Length; i++)
        {
            if (i is 8 or 13 or 18 or 23)
            {
                if (bytes[i] != '-') return false;
            }
            else if (bytes[i] is not ((>= (byte)'0' and <= (byte)'9') or (>= (byte)'a' and <= (byte)'f'))) return false;
        }
        return true;
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
