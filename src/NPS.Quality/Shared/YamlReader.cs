using System.Globalization;
using YamlDotNet.Core;
using YamlDotNet.Core.Events;
using YamlDotNet.RepresentationModel;

namespace NPS.Quality.Shared;

/// <summary>A YAML file problem, located as <c>fichier:ligne:colonne : message</c> (lines and columns from 1).</summary>
public sealed record YamlError(string File, int Line, int Column, string Message)
{
    public override string ToString() => $"{File}:{Line}:{Column} : {Message}";
}

public sealed record ParseResult<T>(T? Value, IReadOnlyList<YamlError> Errors) where T : class
{
    public bool IsValid => Errors.Count == 0 && Value is not null;
}

/// <summary>
/// The one way the service reads YAML (referentials, mappings, dossier templates), decided once:
/// <list type="bullet">
/// <item>no anchors (<c>&amp;a</c>) and no aliases (<c>*a</c>): a referential or a template never needs them, and an
/// alias is what makes a 430-byte body expand to gigabytes or point to itself (<c>a: &amp;a [*a]</c>);</item>
/// <item>at most <see cref="MaxDepth"/> nested lists or tables: the node tree is built recursively, so a bound on the
/// depth is a bound on the stack (100,000 <c>{</c> are refused at the 65th);</item>
/// <item>one document per file;</item>
/// <item>every error in French, located; YamlDotNet's English wording never reaches the user.</item>
/// </list>
/// These checks run on the parser's events, before any node exists: a hostile file costs one linear scan up to the
/// first offending event. Body sizes are bounded by each endpoint (1 MB for a referential).
/// </summary>
public sealed class YamlReader(string file)
{
    public const int MaxDepth = 64;

    public string File { get; } = file;
    public List<YamlError> Errors { get; } = [];

    /// <summary>Loads the single document of <paramref name="text"/>, which must be a table; null (with an error) otherwise.</summary>
    public YamlMappingNode? LoadRoot(string text, string rootHint = "le document doit être une table YAML (clé: valeur)")
    {
        var parser = new BoundedParser(new Parser(new StringReader(text)));
        try
        {
            var stream = new YamlStream();
            stream.Load(parser);
            if (stream.Documents.Count > 1)
            {
                ErrorAt(stream.Documents[1].RootNode, "un seul document YAML est attendu (séparateur « --- » en trop)");
                return null;
            }
            if (stream.Documents.Count == 0 || stream.Documents[0].RootNode is not YamlMappingNode root)
            {
                Errors.Add(new YamlError(File, 1, 1, rootHint));
                return null;
            }
            return root;
        }
        catch (RefusedYamlException refused)
        {
            Errors.Add(new YamlError(File, refused.Line, refused.Column, refused.Message));
            return null;
        }
        catch (YamlException ex)
        {
            Errors.Add(new YamlError(File, Math.Max(1, (int)ex.Start.Line), Math.Max(1, (int)ex.Start.Column), $"syntaxe YAML invalide : {Translate(ex.Message)}"));
            return null;
        }
        catch (Exception ex) when (ex is InvalidOperationException or ArgumentException or FormatException or OverflowException)
        {
            // Some malformed inputs make YamlDotNet fail without a position: report where parsing stopped.
            var mark = parser.LastStart;
            Errors.Add(new YamlError(File, Math.Max(1, (int)mark.Line), Math.Max(1, (int)mark.Column),
                "syntaxe YAML invalide : structure inattendue (crochet, accolade ou guillemet non fermé ?)"));
            return null;
        }
    }

    public void ErrorAt(YamlNode node, string message)
        => Errors.Add(new YamlError(File, Math.Max(1, (int)node.Start.Line), Math.Max(1, (int)node.Start.Column), message));

    public void Error(YamlMappingNode map, string key, string message) => ErrorAt(Value(map, key) ?? map, message);

    public bool Has(YamlMappingNode map, string key) => Value(map, key) is not null;

    public static YamlNode? Value(YamlMappingNode map, string key)
        => map.Children.FirstOrDefault(p => p.Key is YamlScalarNode { Value: var k } && k == key).Value;

    public void AllowOnly(YamlMappingNode map, params string[] keys)
    {
        foreach (var key in map.Children.Keys)
        {
            if (key is YamlScalarNode { Value: { } k } && !keys.Contains(k))
                ErrorAt(key, $"champ inconnu : {k}; champs permis : {string.Join(", ", keys)}");
        }
    }

    public YamlMappingNode? AsMapping(YamlNode node, string what)
    {
        if (node is YamlMappingNode m) return m;
        ErrorAt(node, $"{what} : une table YAML est attendue");
        return null;
    }

    public string? RequiredString(YamlMappingNode map, string key)
    {
        switch (Value(map, key))
        {
            case null:
                ErrorAt(map, $"champ obligatoire manquant : {key}");
                return null;
            case YamlScalarNode { Value: { } v } when !string.IsNullOrWhiteSpace(v):
                return v.Trim();
            case var node:
                ErrorAt(node, $"{key} : une valeur texte non vide est attendue");
                return null;
        }
    }

    public decimal? RequiredDecimal(YamlMappingNode map, string key)
    {
        var text = RequiredString(map, key);
        if (text is null) return null;
        if (decimal.TryParse(text, NumberStyles.Number, CultureInfo.InvariantCulture, out var d)) return d;
        Error(map, key, $"{key} : nombre attendu (lu : « {text} »)");
        return null;
    }

    public DateOnly? RequiredDate(YamlMappingNode map, string key)
    {
        var text = RequiredString(map, key);
        if (text is null) return null;
        if (DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var d)) return d;
        Error(map, key, $"{key} : date AAAA-MM-JJ attendue (lu : « {text} »)");
        return null;
    }

    public IEnumerable<YamlNode> RequiredSequence(YamlMappingNode map, string key)
    {
        switch (Value(map, key))
        {
            case null:
                ErrorAt(map, $"champ obligatoire manquant : {key}");
                return [];
            case YamlSequenceNode seq:
                return seq.Children;
            case var node:
                ErrorAt(node, $"{key} : une liste est attendue");
                return [];
        }
    }

    public IEnumerable<YamlNode> OptionalSequence(YamlMappingNode map, string key)
        => Value(map, key) is null ? [] : RequiredSequence(map, key);

    /// <summary>YamlDotNet's most common messages in French; any other one becomes a generic French sentence.</summary>
    public static string Translate(string english)
    {
        if (english.StartsWith("Duplicate key", StringComparison.Ordinal))
            return $"clé en double : {english["Duplicate key".Length..].Trim()}";
        foreach (var (fragment, french) in Translations)
            if (english.Contains(fragment, StringComparison.OrdinalIgnoreCase)) return french;
        return "structure non reconnue à cet endroit";
    }

    private static readonly (string Fragment, string French)[] Translations =
    [
        ("found invalid mapping", "« : » inattendu : une valeur qui contient « : » s'écrit entre guillemets"),
        ("Mapping values are not allowed", "« : » inattendu : une valeur qui contient « : » s'écrit entre guillemets"),
        ("Mapping keys are not allowed", "« ? » inattendu à cet endroit"),
        ("could not find expected ':'", "« : » attendu après la clé"),
        ("quoted scalar, found unexpected end of stream", "guillemet non fermé"),
        ("quoted scalar", "texte entre guillemets mal formé (guillemet non fermé ou échappement inconnu)"),
        ("unknown escape character", "séquence d'échappement inconnue entre guillemets doubles"),
        ("block mapping, did not find expected key", "indentation incohérente : une clé est attendue ici"),
        ("block collection, did not find expected '-'", "indentation incohérente : un élément de liste « - » est attendu ici"),
        ("flow mapping", "accolade non fermée : « , » ou « } » attendu"),
        ("flow sequence", "crochet non fermé : « , » ou « ] » attendu"),
        ("cannot start any token", "caractère inattendu en début de valeur (@, ` ou tabulation ; mettez la valeur entre guillemets)"),
        ("tab", "tabulation dans l'indentation : indentez avec des espaces"),
        ("did not find expected node content", "une valeur est attendue ici"),
        ("<document start>", "contenu inattendu après la fin du document"),
        ("<document end>", "fin de document attendue"),
        ("block scalar", "bloc de texte (| ou >) mal formé"),
        ("directive", "directive YAML (%) non prise en charge ou mal formée"),
        ("tag", "étiquette YAML (!) non prise en charge ou mal formée"),
        ("anchor", "ancre ou alias YAML mal formé"),
        ("end of stream", "fin de fichier inattendue"),
    ];
}

/// <summary>A refusal decided by our bounds (alias, anchor, depth), already in French.</summary>
internal sealed class RefusedYamlException(Mark at, string message) : Exception(message)
{
    public int Line { get; } = Math.Max(1, (int)at.Line);
    public int Column { get; } = Math.Max(1, (int)at.Column);
}

/// <summary>Passes YamlDotNet's parser events through, refusing anchors, aliases and nesting deeper than <see cref="YamlReader.MaxDepth"/>.</summary>
internal sealed class BoundedParser(IParser inner) : IParser
{
    private int _depth;

    public ParsingEvent? Current => inner.Current;

    public Mark LastStart { get; private set; } = new(0, 1, 1);

    public bool MoveNext()
    {
        if (!inner.MoveNext()) return false;
        var current = inner.Current!;
        LastStart = current.Start;
        switch (current)
        {
            case AnchorAlias:
                throw new RefusedYamlException(current.Start, "alias YAML (*…) refusé : recopiez la valeur au lieu d'y renvoyer");
            case NodeEvent { Anchor.IsEmpty: false }:
                throw new RefusedYamlException(current.Start, "ancre YAML (&…) refusée : les ancres et alias ne sont pas acceptés");
            case MappingStart or SequenceStart when ++_depth > YamlReader.MaxDepth:
                throw new RefusedYamlException(current.Start,
                    $"imbrication trop profonde : au plus {YamlReader.MaxDepth.ToString(CultureInfo.InvariantCulture)} niveaux de listes ou de tables");
            case MappingEnd or SequenceEnd:
                _depth--;
                break;
        }
        return true;
    }
}
