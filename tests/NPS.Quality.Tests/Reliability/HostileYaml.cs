using System.Text;

namespace NPS.Quality.Tests.Reliability;

/// <summary>The YAML bodies a reliability run used to stop or stall the process with.</summary>
public static class HostileYaml
{
    public const string SelfReferencingAlias = "a: &a [*a]\n";

    public static string NestedBraces(int depth) => "a: " + new string('{', depth) + "\n";

    public static string NestedBrackets(int depth) => "a: " + new string('[', depth) + new string(']', depth) + "\n";

    /// <summary>Indented block lists, <paramref name="depth"/> levels deep, closed properly.</summary>
    public static string NestedBlockLists(int depth)
    {
        var text = new StringBuilder("a:\n");
        for (var i = 0; i < depth; i++) text.Append(' ', 2 * i + 2).Append("-\n");
        text.Append(' ', 2 * depth + 2).Append("x\n");
        return text.ToString();
    }

    /// <summary>The "billion laughs": each level names the previous one nine times (nine levels: ~387 million "lol").</summary>
    public static string BillionLaughs(int levels)
    {
        var text = new StringBuilder("l0: &l0 [lol, lol, lol, lol, lol, lol, lol, lol, lol]\n");
        for (var i = 1; i < levels; i++)
            text.Append($"l{i}: &l{i} [{string.Join(", ", Enumerable.Repeat($"*l{i - 1}", 9))}]\n");
        return text.ToString();
    }

    /// <summary>The same bomb with the anchor placed after an innocent first line: the refusal names line 2.</summary>
    public static string AliasOnLineTwo => "id: x\nb: &b [1]\nc: *b\n";

    /// <summary>The English words YamlDotNet's messages are made of; none may reach a user.</summary>
    public static readonly string[] EnglishWords = ["While", "found", "expected", "scanning", "parsing", "Duplicate", "Mapping", "not allowed", "stream", "token"];
}
