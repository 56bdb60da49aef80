using System.Buffers.Binary;
using System.Globalization;
using System.IO.Compression;
using System.Text;

namespace NPS.Quality.Pdf;

/// <summary>
/// The deterministic finishing pass over the bytes PDFsharp 6.2.4 saved, before <see cref="Reproducibility"/>:
/// <list type="bullet">
/// <item>PDFsharp's <c>FlateDecode.Encode</c> writes the zlib header (78 DA) and a complete deflate stream but never
/// the zlib trailer, the Adler-32 of the uncompressed data (RFC 1950 §2.2), and offers no option to have it written
/// (every stream it compresses goes through that one method). qpdf warns about every such stream, mutool reports a
/// premature end of data. Each Flate stream is inflated once here, its Adler-32 appended, its <c>/Length</c> updated.</item>
/// <item>The XMP packet PDFsharp creates while saving is replaced by ours (<see cref="Archive.Xmp"/>): PDF/A identification,
/// escaped values, UTC dates equal to the document information dictionary's.</item>
/// <item>Objects PDFsharp did not write are added: the structure tree (<see cref="Layout.StructureWriter"/>), numbered
/// after the last object, and the placeholder the catalog points to is replaced by the tree's root.</item>
/// </list>
/// Objects keep their numbers and order; the cross-reference table is written anew with the new offsets. The input
/// must be what PDFsharp writes: one classic xref section, direct <c>/Length</c> values, no object streams.
/// </summary>
internal static partial class PdfFinisher
{
    /// <summary>Objects to write in place of others (by number: the body between "obj" and "endobj"), and new ones.</summary>
    public sealed record ExtraObjects(IReadOnlyDictionary<int, string> Replace, IReadOnlyList<string> Append);

    /// <param name="extra">Given the first free object number, the objects to replace and to add.</param>
    public static byte[] Finish(byte[] pdf, string? xmp, Func<int, ExtraObjects>? extra = null)
    {
        var text = Encoding.Latin1.GetString(pdf);
        var startXref = ParseStartXref(text);
        var (offsets, trailerStart) = ParseXref(text, startXref);
        var trailer = text[trailerStart..text.IndexOf("startxref", trailerStart, StringComparison.Ordinal)].TrimEnd();
        var objects = extra?.Invoke(offsets.Length) ?? new ExtraObjects(new Dictionary<int, string>(), []);
        var size = offsets.Length + objects.Append.Count;
        trailer = SizeKey().Replace(trailer, "/Size " + size.ToString(CultureInfo.InvariantCulture), 1);

        var ordered = offsets.Select((offset, number) => (Number: number, Offset: offset)).Where(o => o.Offset > 0).OrderBy(o => o.Offset).ToList();
        using var output = new MemoryStream(pdf.Length + ordered.Count * 8 + (xmp?.Length ?? 0));
        output.Write(pdf, 0, ordered.Count > 0 ? (int)ordered[0].Offset : startXref);
        var newOffsets = new long[offsets.Length];
        Array.Resize(ref newOffsets, size);
        for (var i = 0; i < ordered.Count; i++)
        {
            var (number, offset) = ordered[i];
            var end = i + 1 < ordered.Count ? (int)ordered[i + 1].Offset : startXref;
            newOffsets[number] = output.Position;
            if (objects.Replace.TryGetValue(number, out var body)) WriteNew(output, number, body);
            else WriteObject(output, pdf, text, (int)offset, end, xmp);
        }
        for (var i = 0; i < objects.Append.Count; i++)
        {
            newOffsets[offsets.Length + i] = output.Position;
            WriteNew(output, offsets.Length + i, objects.Append[i]);
        }

        var xrefPosition = output.Position;
        var table = new StringBuilder(size * 20 + 200);
        table.Append("xref\n0 ").Append(size.ToString(CultureInfo.InvariantCulture)).Append('\n');
        table.Append("0000000000 65535 f\n");
        Span<char> digits = stackalloc char[10];
        for (var n = 1; n < size; n++)
        {
            if (newOffsets[n] > 0)
            {
                newOffsets[n].TryFormat(digits, out _, "D10", CultureInfo.InvariantCulture);
                table.Append(digits).Append(" 00000 n\n");
            }
            else table.Append("0000000000 65535 f\n");
        }
        table.Append(trailer).Append('\n').Append("startxref\n").Append(xrefPosition.ToString(CultureInfo.InvariantCulture)).Append("\n%%EOF\n");
        var tail = Encoding.Latin1.GetBytes(table.ToString());
        output.Write(tail);
        return output.ToArray();
    }

    private static void WriteNew(MemoryStream output, int number, string body)
    {
        output.Write(Encoding.Latin1.GetBytes($"{number.ToString(CultureInfo.InvariantCulture)} 0 obj\n{body}\nendobj\n"));
    }

    private static void WriteObject(MemoryStream output, byte[] pdf, string text, int start, int end, string? xmp)
    {
        var streamKeyword = text.IndexOf("stream", start, end - start, StringComparison.Ordinal);
        if (streamKeyword < 0)
        {
            output.Write(pdf, start, end - start);
            return;
        }
        var dictionary = text[start..streamKeyword];
        var dataStart = streamKeyword + "stream".Length;
        if (pdf[dataStart] == '\r') dataStart++;
        if (pdf[dataStart] == '\n') dataStart++;
        var lengthKey = FindLengthKey(dictionary);
        if (lengthKey < 0) throw new InvalidOperationException("A stream without a direct /Length.");
        var digitsStart = lengthKey + "/Length".Length;
        while (dictionary[digitsStart] == ' ') digitsStart++;
        var digitsEnd = digitsStart;
        while (digitsEnd < dictionary.Length && char.IsAsciiDigit(dictionary[digitsEnd])) digitsEnd++;
        var length = int.Parse(dictionary[digitsStart..digitsEnd], CultureInfo.InvariantCulture);

        byte[]? replacement = null;
        if (xmp is not null && dictionary.Contains("/Type/Metadata", StringComparison.Ordinal) && dictionary.Contains("/Subtype/XML", StringComparison.Ordinal))
            replacement = Encoding.UTF8.GetBytes(xmp);
        else if (dictionary.Contains("/FlateDecode", StringComparison.Ordinal))
            replacement = WithAdler32(pdf, dataStart, length);

        if (replacement is null)
        {
            output.Write(pdf, start, end - start);
            return;
        }
        var newDictionary = dictionary[..digitsStart] + replacement.Length.ToString(CultureInfo.InvariantCulture) + dictionary[digitsEnd..];
        output.Write(Encoding.Latin1.GetBytes(newDictionary));
        output.Write(pdf, streamKeyword, dataStart - streamKeyword);
        output.Write(replacement);
        output.Write(pdf, dataStart + length, end - (dataStart + length));
    }

    /// <summary>"/Length" itself, not "/Length1" (a font's uncompressed size) or "/Length2".</summary>
    private static int FindLengthKey(string dictionary)
    {
        for (var at = dictionary.IndexOf("/Length", StringComparison.Ordinal); at >= 0; at = dictionary.IndexOf("/Length", at + 1, StringComparison.Ordinal))
        {
            var next = at + "/Length".Length;
            if (next < dictionary.Length && !char.IsAsciiDigit(dictionary[next]) && !char.IsAsciiLetter(dictionary[next])) return at;
        }
        return -1;
    }

    /// <summary>The zlib stream completed with its Adler-32, or null when it has one already (or is not zlib).</summary>
    private static byte[]? WithAdler32(byte[] pdf, int start, int length)
    {
        if (length < 2 || (pdf[start] & 0x0F) != 8 || ((pdf[start] << 8) | pdf[start + 1]) % 31 != 0) return null;
        // The inflater stops at the final deflate block: bytes after it (a trailer already there) are not read as data.
        var adler = Inflate(pdf, start + 2, length - 2);
        if (length >= 6 && BinaryPrimitives.ReadUInt32BigEndian(pdf.AsSpan(start + length - 4)) == adler) return null;
        var result = new byte[length + 4];
        Buffer.BlockCopy(pdf, start, result, 0, length);
        BinaryPrimitives.WriteUInt32BigEndian(result.AsSpan(length), adler);
        return result;
    }

    /// <summary>Inflates raw deflate data and returns the Adler-32 of the output.</summary>
    private static uint Inflate(byte[] data, int start, int length)
    {
        using var input = new MemoryStream(data, start, length, writable: false);
        using var inflater = new DeflateStream(input, CompressionMode.Decompress);
        var buffer = System.Buffers.ArrayPool<byte>.Shared.Rent(64 * 1024);
        try
        {
            uint a = 1, b = 0;
            int read;
            while ((read = inflater.Read(buffer, 0, buffer.Length)) > 0)
                (a, b) = Adler32(buffer.AsSpan(0, read), a, b);
            return (b << 16) | a;
        }
        finally { System.Buffers.ArrayPool<byte>.Shared.Return(buffer); }
    }

    internal static uint Adler32(ReadOnlySpan<byte> data)
    {
        var (a, b) = Adler32(data, 1, 0);
        return (b << 16) | a;
    }

    private static (uint A, uint B) Adler32(ReadOnlySpan<byte> data, uint a, uint b)
    {
        const uint Mod = 65521;
        while (data.Length > 0)
        {
            // 5552 is the largest n for which the sums cannot overflow 32 bits before the modulo.
            var chunk = Math.Min(data.Length, 5552);
            foreach (var x in data[..chunk])
            {
                a += x;
                b += a;
            }
            a %= Mod;
            b %= Mod;
            data = data[chunk..];
        }
        return (a, b);
    }

    [System.Text.RegularExpressions.GeneratedRegex(@"/Size\s+\d+")]
    private static partial System.Text.RegularExpressions.Regex SizeKey();

    private static int ParseStartXref(string text)
    {
        var at = text.LastIndexOf("startxref", StringComparison.Ordinal);
        if (at < 0) throw new InvalidOperationException("No startxref.");
        var digits = text[(at + "startxref".Length)..].TrimStart();
        var end = 0;
        while (end < digits.Length && char.IsAsciiDigit(digits[end])) end++;
        return int.Parse(digits[..end], CultureInfo.InvariantCulture);
    }

    private static (long[] Offsets, int TrailerStart) ParseXref(string text, int position)
    {
        if (string.CompareOrdinal(text, position, "xref", 0, 4) != 0) throw new InvalidOperationException("Not a classic cross-reference table.");
        var lines = new List<string>();
        var cursor = position + 4;
        long[]? offsets = null;
        while (true)
        {
            while (text[cursor] is '\r' or '\n' or ' ') cursor++;
            if (string.CompareOrdinal(text, cursor, "trailer", 0, 7) == 0) break;
            var lineEnd = text.IndexOfAny(['\r', '\n'], cursor);
            var header = text[cursor..lineEnd].Split(' ', StringSplitOptions.RemoveEmptyEntries);
            var first = int.Parse(header[0], CultureInfo.InvariantCulture);
            var count = int.Parse(header[1], CultureInfo.InvariantCulture);
            if (offsets is null || offsets.Length < first + count) Array.Resize(ref offsets, first + count);
            cursor = lineEnd;
            for (var i = 0; i < count; i++)
            {
                while (text[cursor] is '\r' or '\n' or ' ') cursor++;
                var entry = text.Substring(cursor, 18);
                offsets[first + i] = entry[17] == 'n' ? long.Parse(entry[..10], CultureInfo.InvariantCulture) : 0;
                cursor += 18;
            }
        }
        return (offsets ?? [], cursor);
    }
}
