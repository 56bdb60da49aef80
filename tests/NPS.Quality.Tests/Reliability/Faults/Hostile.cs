using System.Text;
using CsCheck;

namespace NPS.Quality.Tests.Reliability.Faults;

/// <summary>
/// Generators of hostile input, as JSON text fragments (so that wrong types, lone surrogates and deep nesting can be
/// written) and as raw text for query strings and CSV cells.
/// </summary>
public static class Hostile
{
    /// <summary>Text a careless or hostile client sends: control characters, odd unicode, huge, empty, injection-looking.</summary>
    public static readonly Gen<string> Text = Gen.Frequency(
        (3, Gen.OneOf("", " ", "\u0000", "a\u0000b", "\u0001\u0002\u001b[31m", "\u007f", "\u0085", "\t", "\r\n", "ligne\nsuivante",
            "😀👍🏽", "\u202eRTL", "e\u0301", "\u200b", "\ufeff", "\ud800", "\udfff", "x\ud83d", "\uffff", "\ufffe",
            "'; drop table nps.mt_events; --", "%00", "../../../etc/passwd", "<script>alert(1)</script>", "${jndi:ldap://x}", "NaN",
            "2147483648", "-1", "0001-01-01", "9999-12-31T23:59:59+14:00", "01/01/0001 00:00", "31/12/9999 23:59", "2017-02-30",
            "2017-10-02T09:00:00-14:00", "1e308", "null", "true", "[]", "{}")),
        (1, Gen.Int[1, 100_000].Select(n => new string('x', n))),
        (1, Gen.OneOf(1_001, 10_001, 200_000).Select(n => new string('é', n))),
        (3, Gen.String),
        (2, Gen.Char.Array[0, 40].Select(c => new string(c))));

    /// <summary>A JSON fragment of the wrong kind, or a hostile number.</summary>
    public static readonly Gen<string> WrongJson = Gen.OneOf(
        "null", "true", "false", "0", "-1", "2147483648", "-2147483649", "9223372036854775808", "1e308", "-1e308", "1.5", "1e-400",
        "123456789012345678901234567890", "[]", "{}", "[null]", "[1,2,3]", "{\"a\":1}", "\"\"",
        Deep('[', ']', 100), Deep('[', ']', 1_000), DeepObject(70), "[" + string.Join(',', Enumerable.Repeat("null", 5_000)) + "]");

    /// <summary>A whole body that is not the expected object at all.</summary>
    public static readonly Gen<string> WholeBody = Gen.OneOf(
        "null", "", " ", "[]", "{}", "1", "\"x\"", "true", "{", "{\"a\":", "[{]", "{\"a\":1,}", "\u0000", "\ufeff{}",
        Deep('[', ']', 100), Deep('[', ']', 10_000), DeepObject(200), "{\"a\":\"" + new string('x', 1_000_000) + "\"}");

    /// <summary>A field's value: mostly the valid one (to go deep), otherwise hostile text, or the wrong kind.</summary>
    public static Gen<string?> Field(string valid) => Gen.Frequency(
        (5, Gen.Const<string?>(valid)),
        (3, Text.Select(t => (string?)Quote(t))),
        (2, WrongJson.Select(w => (string?)w)),
        (1, Gen.Const<string?>((string?)null))); // absent

    public static string Deep(char open, char close, int depth) => new string(open, depth) + new string(close, depth);

    public static string DeepObject(int depth)
    {
        var b = new StringBuilder();
        for (var i = 0; i < depth; i++) b.Append("{\"a\":");
        b.Append('1').Append('}', depth);
        return b.ToString();
    }

    /// <summary>A JSON string literal that keeps every code unit, lone surrogates and controls escaped as \uXXXX.</summary>
    public static string Quote(string text)
    {
        var b = new StringBuilder(text.Length + 2).Append('"');
        foreach (var c in text)
        {
            if (c == '"') b.Append("\\\"");
            else if (c == '\\') b.Append("\\\\");
            else if (c < 0x20 || c >= 0x7f) b.Append("\\u").Append(((int)c).ToString("x4"));
            else b.Append(c);
        }
        return b.Append('"').ToString();
    }

    /// <summary>An object with these fields (absent when null) and sometimes an unknown one.</summary>
    public static Gen<string> Object(params (string Name, string Valid)[] fields)
        => from values in Combine(fields.Select(f => Field(f.Valid)).ToArray())
           from extra in Gen.Int[0, 9]
           select "{" + string.Join(',', fields.Select((f, i) => values[i] is { } v ? $"{Quote(f.Name)}:{v}" : null).OfType<string>()
               .Concat(extra == 0 ? ["\"inconnu\":" + Quote("\u0000")] : [])) + "}";

    private static Gen<string?[]> Combine(Gen<string?>[] gens)
        => gens.Aggregate(Gen.Const(Array.Empty<string?>()), (acc, g) => acc.SelectMany(a => g.Select(v => a.Append(v).ToArray())));

    /// <summary>Text percent-encoded as UTF-8 (lone surrogates become U+FFFD, as a browser would send them).</summary>
    public static string Escape(string text)
    {
        var b = new StringBuilder();
        foreach (var by in Encoding.UTF8.GetBytes(text))
            b.Append(by is >= (byte)'a' and <= (byte)'z' or >= (byte)'A' and <= (byte)'Z' or >= (byte)'0' and <= (byte)'9' or (byte)'-' or (byte)'.' or (byte)'_'
                ? ((char)by).ToString() : $"%{by:X2}");
        return b.ToString();
    }
}
