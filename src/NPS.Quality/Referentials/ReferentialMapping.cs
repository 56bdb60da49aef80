using NPS.Quality.Shared;
using YamlDotNet.RepresentationModel;

namespace NPS.Quality.Referentials;

/// <summary>
/// How the codes of one version carry over to the next (<c>mapping-&lt;from&gt;-&lt;to&gt;.yaml</c>). Without a mapping
/// file, a code present in both versions carries over to itself.
/// </summary>
public sealed record ReferentialMapping(
    string Referential,
    string From,
    string To,
    IReadOnlyDictionary<string, string> CarriedOver,
    IReadOnlyList<string> Added,
    IReadOnlyList<string> Removed)
{
    public static string Key(string referential, string from, string to) => $"{referential}:{from}:{to}";

    /// <summary>The mapping implied by identical codes.</summary>
    public static ReferentialMapping ByCode(ReferentialDefinition from, ReferentialDefinition to)
    {
        var fromCodes = AllCodes(from).ToList();
        var toCodes = AllCodes(to).ToHashSet();
        return new ReferentialMapping(from.Id, from.Version, to.Version,
            fromCodes.Where(toCodes.Contains).ToDictionary(c => c, c => c),
            toCodes.Except(fromCodes).Order().ToList(),
            fromCodes.Where(c => !toCodes.Contains(c)).ToList());
    }

    public static IEnumerable<string> AllCodes(ReferentialDefinition d)
        => d.Engagements.SelectMany(e => e.Indicators.Select(i => i.Code).Prepend(e.Code));

    /// <summary>Checks the mapping against the two versions it links; every code must be accounted for.</summary>
    public IReadOnlyList<string> Check(ReferentialDefinition from, ReferentialDefinition to)
    {
        var errors = new List<string>();
        var fromCodes = AllCodes(from).ToHashSet();
        var toCodes = AllCodes(to).ToHashSet();
        foreach (var (a, b) in CarriedOver)
        {
            if (!fromCodes.Contains(a)) errors.Add($"carriedOver : {a} n'existe pas dans la version {From}");
            if (!toCodes.Contains(b)) errors.Add($"carriedOver : {b} n'existe pas dans la version {To}");
        }
        foreach (var a in Added.Where(a => !toCodes.Contains(a))) errors.Add($"added : {a} n'existe pas dans la version {To}");
        foreach (var r in Removed.Where(r => !fromCodes.Contains(r))) errors.Add($"removed : {r} n'existe pas dans la version {From}");
        foreach (var c in fromCodes.Where(c => !CarriedOver.ContainsKey(c) && !Removed.Contains(c)))
            errors.Add($"{c} (version {From}) n'est ni repris (carriedOver) ni retiré (removed)");
        foreach (var c in toCodes.Where(c => !CarriedOver.Values.Contains(c) && !Added.Contains(c)))
            errors.Add($"{c} (version {To}) n'est ni repris (carriedOver) ni ajouté (added)");
        return errors;
    }

    public static ParseResult<ReferentialMapping> Parse(string file, string text)
    {
        var reader = new YamlReader(file);
        var root = reader.LoadRoot(text);
        if (root is null) return new(null, reader.Errors);
        reader.AllowOnly(root, "referential", "from", "to", "carriedOver", "added", "removed");
        var referential = reader.RequiredString(root, "referential");
        var from = reader.RequiredString(root, "from");
        var to = reader.RequiredString(root, "to");
        var carried = new Dictionary<string, string>();
        foreach (var node in reader.RequiredSequence(root, "carriedOver"))
        {
            switch (node)
            {
                case YamlScalarNode { Value: { } same }:
                    carried[same] = same;
                    break;
                case YamlMappingNode m when reader.RequiredString(m, "from") is { } a && reader.RequiredString(m, "to") is { } b:
                    carried[a] = b;
                    break;
                default:
                    reader.ErrorAt(node, "carriedOver : un code, ou { from: ..., to: ... }, est attendu");
                    break;
            }
        }
        var added = reader.OptionalSequence(root, "added").OfType<YamlScalarNode>().Select(n => n.Value ?? "").ToList();
        var removed = reader.OptionalSequence(root, "removed").OfType<YamlScalarNode>().Select(n => n.Value ?? "").ToList();
        if (reader.Errors.Count > 0) return new(null, reader.Errors);
        return new(new ReferentialMapping(referential!, from!, to!, carried, added, removed), []);
    }
}

/// <summary>A stored mapping between two published versions.</summary>
public sealed class ReferentialMappingDocument
{
    public string Id { get; set; } = "";
    public required ReferentialMapping Mapping { get; set; }
}
