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
/// premature end of data. Each Flate stream is inflated once here, its Adler-32 appended, its <c>/Length</c> updated.
/// The page contents, the bulk of the data, come uncompressed and are compressed here (zlib, fastest level) instead.</item>
/// <item>The XMP packet PDFsharp creates while saving is replaced by ours (<see cref="Archive.Xmp"/>): PDF/A identification,
/// escaped values, UTC dates equal to the document information dictionary's.</item>
/// <item>Objects PDFsharp did not write are added: the structure tree (<see cref="Layout.StructureWriter"/>), numbered
/// after the last object, and the placeholder the catalog points to is replaced by the tree's root.</item>
/// </list>
/// Objects keep their numbers and order; the cross-reference table is written anew with the new offsets. The input
/// must be what PDFsharp writes: one classic xref section, direct <c>/Length</c> values, no object streams.
/// <para>
/// The file is handled as bytes, never as one string: a dossier is a few hundred kilobytes, and every such copy is a
/// large-object-heap allocation, which costs a full garbage collection sooner or later.
/// </para>
/// </summary>
internal static class PdfFinisher
{
    /// <summary>Objects to write in place of others (by number: the body between "obj" and "endobj"), and new ones.</summary>
    public sealed record ExtraObjects(IReadOnlyDictionary<int, string> Replace, IReadOnlyList<string> Append);

    /// <param name="file">The saved file: its first <paramref name="fileLength"/> bytes.</param>
    /// <param name="xmp">Our XMP packet, in place of PDFsharp's.</param>
    /// <param name="extra">Given the first free object number, the objects to replace and to add.</param>
    /// <param name="output">Receives the finished file (cleared first): a buffer the caller may reuse.</param>
    public static void Finish(byte[] file, int fileLength, string? xmp, Func<int, ExtraObjects>? extra, MemoryStream output)
    {
        var pdf = file.AsSpan(0, fileLength);
        var startXref = ParseStartXref(pdf);
        var (offsets, trailerStart) = ParseXref(pdf, startXref);
        var trailerEnd = pdf[trailerStart..].IndexOf("startxref"u8) + trailerStart;
        var trailer = Encoding.Latin1.GetString(pdf[trailerStart..trailerEnd]).TrimEnd();
        var objects = extra?.Invoke(offsets.Length) ?? new ExtraObjects(new Dictionary<int, string>(), []);
        var size = offsets.Length + objects.Append.Count;
        trailer = ReplaceSize(trailer, size);

        var ordered = new List<(int Number, int Offset)>(offsets.Length);
        for (var n = 0; n < offsets.Length; n++)
            if (offsets[n] > 0) ordered.Add((n, offsets[n]));
        ordered.Sort((a, b) => a.Offset.CompareTo(b.Offset));

        output.SetLength(0);
        output.Write(pdf[..(ordered.Count > 0 ? ordered[0].Offset : startXref)]);
        var newOffsets = new long[size];
        for (var i = 0; i < ordered.Count; i++)
        {
            var (number, offset) = ordered[i];
            var end = i + 1 < ordered.Count ? ordered[i + 1].Offset : startXref;
            newOffsets[number] = output.Position;
            if (objects.Replace.TryGetValue(number, out var body)) WriteNew(output, number, body);
            else WriteObject(output, file, offset, end, xmp);
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
        WriteLatin1(output, table.ToString());
    }

    private static string ReplaceSize(string trailer, int size)
    {
        var at = trailer.IndexOf("/Size", StringComparison.Ordinal);
        if (at < 0) throw new InvalidOperationException("A trailer without /Size.");
        var digitsStart = at + "/Size".Length;
        while (digitsStart < trailer.Length && trailer[digitsStart] is ' ' or '\n' or '\r') digitsStart++;
        var digitsEnd = digitsStart;
        while (digitsEnd < trailer.Length && char.IsAsciiDigit(trailer[digitsEnd])) digitsEnd++;
        return string.Concat(trailer.AsSpan(0, at), "/Size ", size.ToString(CultureInfo.InvariantCulture), trailer.AsSpan(digitsEnd));
    }

    private static void WriteLatin1(MemoryStream output, string text)
    {
        var buffer = System.Buffers.ArrayPool<byte>.Shared.Rent(text.Length);
        try
        {
            var length = Encoding.Latin1.GetBytes(text, buffer);
            output.Write(buffer, 0, length);
        }
        finally { System.Buffers.ArrayPool<byte>.Shared.Return(buffer); }
    }

    private static void WriteNew(MemoryStream output, int number, string body)
    {
        WriteLatin1(output, number.ToString(CultureInfo.InvariantCulture));
        output.Write(" 0 obj\n"u8);
        WriteLatin1(output, body);
        output.Write("\nendobj\n"u8);
    }

    /// <summary>
    /// Where the stream data of the object in [start, end) begins (just after the "stream" keyword and its end of line),
    /// or -1 when the object is not a stream. The keyword is the one that follows the dictionary's closing "&gt;&gt;",
    /// not a "stream" inside a string.
    /// </summary>
    private static int StreamKeyword(ReadOnlySpan<byte> pdf, int start, int end)
    {
        var span = pdf[start..end];
        if (span.IndexOf("endstream"u8) < 0) return -1;
        var from = 0;
        while (true)
        {
            var at = span[from..].IndexOf("stream"u8);
            if (at < 0) return -1;
            at += from;
            var before = at - 1;
            while (before >= 0 && span[before] is (byte)' ' or (byte)'\r' or (byte)'\n') before--;
            if (before >= 1 && span[before] == '>' && span[before - 1] == '>') return start + at;
            from = at + 1;
        }
    }

    private static void WriteObject(MemoryStream output, byte[] file, int start, int end, string? xmp)
    {
        var pdf = file.AsSpan();
        var streamKeyword = StreamKeyword(pdf, start, end);
        if (streamKeyword < 0)
        {
            output.Write(pdf[start..end]);
            return;
        }
        // The dictionary is small: a string is fine here.
        var dictionary = Encoding.Latin1.GetString(pdf[start..streamKeyword]);
        var dataStart = streamKeyword + "stream".Length;
        if (pdf[dataStart] == '\r') dataStart++;
        if (pdf[dataStart] == '\n') dataStart++;
        var lengthKey = FindLengthKey(dictionary);
        if (lengthKey < 0) throw new InvalidOperationException("A stream without a direct /Length.");
        var digitsStart = lengthKey + "/Length".Length;
        while (dictionary[digitsStart] == ' ') digitsStart++;
        var digitsEnd = digitsStart;
        while (digitsEnd < dictionary.Length && char.IsAsciiDigit(dictionary[digitsEnd])) digitsEnd++;
        var length = int.Parse(dictionary.AsSpan(digitsStart, digitsEnd - digitsStart), CultureInfo.InvariantCulture);

        byte[]? replacement = null;
        var replacementLength = 0;
        uint? adler = null;
        var isMetadata = dictionary.Contains("/Type/Metadata", StringComparison.Ordinal) && dictionary.Contains("/Subtype/XML", StringComparison.Ordinal);
        if (xmp is not null && isMetadata)
        {
            replacement = Encoding.UTF8.GetBytes(xmp);
            replacementLength = replacement.Length;
        }
        else if (!isMetadata && !dictionary.Contains("/Filter", StringComparison.Ordinal))
        {
            // The page contents, left uncompressed by PDFsharp (CompressContentStreams = false): compressed here as a
            // complete zlib stream, Adler-32 included, rather than compressed there and inflated again here for its
            // Adler-32. The XMP packet stays readable, as PDF/A wants.
            WriteCompressed(output, pdf, start, end, dictionary, digitsStart, digitsEnd, streamKeyword, dataStart, length);
            return;
        }
        else if (dictionary.Contains("/FlateDecode", StringComparison.Ordinal))
        {
            adler = MissingAdler32(file, dataStart, length);
            if (adler is not null) replacementLength = length + 4;
        }

        if (replacement is null && adler is null)
        {
            output.Write(pdf[start..end]);
            return;
        }
        WriteLatin1(output, string.Concat(dictionary.AsSpan(0, digitsStart), replacementLength.ToString(CultureInfo.InvariantCulture), dictionary.AsSpan(digitsEnd)));
        output.Write(pdf[streamKeyword..dataStart]);
        if (replacement is not null) output.Write(replacement);
        else
        {
            output.Write(pdf.Slice(dataStart, length));
            Span<byte> trailer = stackalloc byte[4];
            BinaryPrimitives.WriteUInt32BigEndian(trailer, adler!.Value);
            output.Write(trailer);
        }
        output.Write(pdf[(dataStart + length)..end]);
    }

    private static void WriteCompressed(MemoryStream output, ReadOnlySpan<byte> pdf, int start, int end, string dictionary,
        int digitsStart, int digitsEnd, int streamKeyword, int dataStart, int length)
    {
        var compressed = CompressionBuffer();
        using (var zlib = new ZLibStream(compressed, CompressionLevel.Fastest, leaveOpen: true))
            zlib.Write(pdf.Slice(dataStart, length));
        var open = dictionary.IndexOf("<<", StringComparison.Ordinal) + 2;
        WriteLatin1(output, new StringBuilder(dictionary.Length + 32).Append(dictionary, 0, open).Append("/Filter/FlateDecode")
            .Append(dictionary, open, digitsStart - open).Append(compressed.Length.ToString(CultureInfo.InvariantCulture))
            .Append(dictionary, digitsEnd, dictionary.Length - digitsEnd).ToString());
        output.Write(pdf[streamKeyword..dataStart]);
        output.Write(compressed.GetBuffer().AsSpan(0, (int)compressed.Length));
        output.Write(pdf[(dataStart + length)..end]);
    }

    [ThreadStatic] private static MemoryStream? _compressed;

    /// <summary>One buffer per thread, reused for every stream: a page's compressed contents are tens of kilobytes.</summary>
    private static MemoryStream CompressionBuffer()
    {
        if (_compressed is null || _compressed.Capacity > 4 * 1024 * 1024) _compressed = new MemoryStream(64 * 1024);
        _compressed.SetLength(0);
        return _compressed;
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

    /// <summary>The Adler-32 the zlib stream lacks, or null when it has it already (or is not zlib).</summary>
    private static uint? MissingAdler32(byte[] file, int start, int length)
    {
        var data = file.AsSpan(start, length);
        if (length < 2 || (data[0] & 0x0F) != 8 || ((data[0] << 8) | data[1]) % 31 != 0) return null;
        // The inflater stops at the final deflate block: bytes after it (a trailer already there) are not read as data.
        var adler = InflatedAdler32(file, start + 2, length - 2);
        if (length >= 6 && BinaryPrimitives.ReadUInt32BigEndian(data[(length - 4)..]) == adler) return null;
        return adler;
    }

    /// <summary>Inflates raw deflate data and returns the Adler-32 of the output.</summary>
    private static uint InflatedAdler32(byte[] file, int start, int length)
    {
        using var input = new MemoryStream(file, start, length, writable: false);
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

    private static int ParseStartXref(ReadOnlySpan<byte> pdf)
    {
        var at = pdf.LastIndexOf("startxref"u8);
        if (at < 0) throw new InvalidOperationException("No startxref.");
        var cursor = at + "startxref".Length;
        while (pdf[cursor] is (byte)' ' or (byte)'\r' or (byte)'\n') cursor++;
        var value = 0;
        while (cursor < pdf.Length && pdf[cursor] is >= (byte)'0' and <= (byte)'9') value = value * 10 + (pdf[cursor++] - '0');
        return value;
    }

    private static int Number(ReadOnlySpan<byte> pdf, ref int cursor)
    {
        while (pdf[cursor] == ' ') cursor++;
        var value = 0;
        while (pdf[cursor] is >= (byte)'0' and <= (byte)'9') value = value * 10 + (pdf[cursor++] - '0');
        return value;
    }

    private static (int[] Offsets, int TrailerStart) ParseXref(ReadOnlySpan<byte> pdf, int position)
    {
        if (!pdf[position..].StartsWith("xref"u8)) throw new InvalidOperationException("Not a classic cross-reference table.");
        var cursor = position + 4;
        int[]? offsets = null;
        while (true)
        {
            while (pdf[cursor] is (byte)'\r' or (byte)'\n' or (byte)' ') cursor++;
            if (pdf[cursor..].StartsWith("trailer"u8)) break;
            var first = Number(pdf, ref cursor);
            var count = Number(pdf, ref cursor);
            if (offsets is null || offsets.Length < first + count) Array.Resize(ref offsets, first + count);
            for (var i = 0; i < count; i++)
            {
                while (pdf[cursor] is (byte)'\r' or (byte)'\n' or (byte)' ') cursor++;
                // "nnnnnnnnnn ggggg n": 18 bytes before the end of line.
                var entry = pdf.Slice(cursor, 18);
                var offset = 0;
                foreach (var digit in entry[..10]) offset = offset * 10 + (digit - '0');
                offsets[first + i] = entry[17] == 'n' ? offset : 0;
                cursor += 18;
            }
        }
        return (offsets ?? [], cursor);
    }
}
