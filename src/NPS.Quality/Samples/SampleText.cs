using System.Text;
using Microsoft.AspNetCore.Mvc;
using NPS.Quality.Shared;

namespace NPS.Quality.Samples;

/// <summary>The text of a CSV file and the encoding it was read in — or the problem that stops reading it.</summary>
public sealed record DecodedText(string? Text, string EncodingName, ProblemDetails? Problem);

/// <summary>
/// Turns the bytes of a CSV file into text, as French spreadsheets save them: UTF-8 (with or without BOM) or
/// Windows-1252 (French Excel's « CSV (séparateur : point-virgule) »). The <c>charset</c> of the Content-Type is
/// honoured; without it, UTF-8 when the bytes are valid UTF-8, otherwise Windows-1252. Nothing is ever replaced by
/// <c>�</c>: bytes that fit neither encoding, or a <c>�</c> already in the file (a file damaged earlier), are a 400
/// naming the encoding and the first line concerned. Pure.
/// </summary>
public static class SampleText
{
    public const string Utf8 = "UTF-8";
    public const string Windows1252 = "Windows-1252";

    static SampleText() => Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);

    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    /// <summary>Windows-1252 leaves these five bytes undefined.</summary>
    private static readonly byte[] Undefined1252 = [0x81, 0x8D, 0x8F, 0x90, 0x9D];

    private static Encoding Cp1252 => Encoding.GetEncoding(1252, EncoderFallback.ExceptionFallback, DecoderFallback.ExceptionFallback);

    /// <summary>The encoding a charset names, or null for a charset that is not accepted (415).</summary>
    public static string? Named(string charset) => charset.Trim().Trim('"').ToLowerInvariant() switch
    {
        "utf-8" or "utf8" or "us-ascii" or "ascii" => Utf8,
        "windows-1252" or "cp1252" or "iso-8859-1" or "latin1" or "iso-8859-15" or "latin-9" or "x-cp1252" => Windows1252,
        _ => null,
    };

    public static DecodedText Decode(ReadOnlySpan<byte> bytes, string? declared)
    {
        if (bytes.StartsWith((ReadOnlySpan<byte>)[0xFF, 0xFE]) || bytes.StartsWith((ReadOnlySpan<byte>)[0xFE, 0xFF]))
            return Refused(Utf8, "le fichier est en UTF-16 (« Texte Unicode ») : enregistrez-le en « CSV UTF-8 » ou en « CSV (séparateur : point-virgule) »", 1);

        var bom = bytes.StartsWith((ReadOnlySpan<byte>)[0xEF, 0xBB, 0xBF]);
        var encoding = declared ?? (bom || ValidUtf8(bytes, out _) ? Utf8 : Windows1252);

        string text;
        if (encoding == Utf8)
        {
            if (!ValidUtf8(bytes, out var bad))
                return Refused(Utf8, declared is null
                    ? "octets qui ne sont pas de l'UTF-8, alors que le fichier commence par la marque UTF-8 (BOM)"
                    : "octets qui ne sont pas de l'UTF-8, alors que le fichier est annoncé en UTF-8 (charset) : enregistrez-le en « CSV UTF-8 » ou annoncez le bon encodage",
                    LineOf(bytes, bad));
            text = StrictUtf8.GetString(bom ? bytes[3..] : bytes);
        }
        else
        {
            var bad = bytes.IndexOfAny(Undefined1252);
            if (bad < 0) bad = bytes.IndexOf((byte)0);
            if (bad >= 0)
                return Refused(Windows1252, declared is null
                    ? "octets qui ne sont ni de l'UTF-8 ni du Windows-1252"
                    : "octets qui n'existent pas en Windows-1252, l'encodage annoncé (charset)", LineOf(bytes, bad));
            text = Cp1252.GetString(bytes);
        }

        var replacement = text.IndexOf('\uFFFD');
        if (replacement >= 0)
            return Refused(encoding, "le fichier contient déjà le caractère de remplacement « � » : il a été abîmé par un changement " +
                "d'encodage avant l'envoi ; repartez du fichier d'origine", 1 + text.AsSpan(0, replacement).Count('\n'));
        return new DecodedText(text, encoding, null);
    }

    private static bool ValidUtf8(ReadOnlySpan<byte> bytes, out int firstInvalid)
    {
        // Checked in chunks to bound the scratch buffer.
        var offset = 0;
        var scratch = new char[4096];
        while (true)
        {
            var status = System.Text.Unicode.Utf8.ToUtf16(bytes[offset..], scratch, out var read, out _, replaceInvalidSequences: false, isFinalBlock: true);
            offset += read;
            if (status == System.Buffers.OperationStatus.Done) { firstInvalid = -1; return true; }
            if (status != System.Buffers.OperationStatus.DestinationTooSmall) { firstInvalid = offset; return false; }
        }
    }

    private static int LineOf(ReadOnlySpan<byte> bytes, int index) => 1 + bytes[..index].Count((byte)'\n');

    private static DecodedText Refused(string encoding, string message, int line)
        => new(null, encoding, Problems.Invalid([new FieldError("fichier", $"encodage {encoding} : {message} (première ligne concernée : {line})", line)],
            $"Fichier refusé : encodage {encoding}, ligne {line} : {message}. Rien n'a été enregistré."));
}
