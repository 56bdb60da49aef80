using System.Globalization;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace NPS.Quality.Referentials;

/// <summary>A referential file problem, located as <c>file:line: message</c>.</summary>
public sealed record YamlError(string File, int Line, string Message)
{
    public override string ToString() => $"{File}:{Line}: {Message}";
}

public sealed record ParseResult<T>(T? Value, IReadOnlyList<YamlError> Errors) where T : class
{
    public bool IsValid => Errors.Count == 0 && Value is not null;
}

/// <summary>
/// Reads a referential version from YAML, walking the node tree so that every error carries its line,
/// and collecting all of them: a file is loaded whole or not at all.
/// </summary>
public static class ReferentialYaml
{
    public static ParseResult<ReferentialDefinition> Parse(string file, string text)
    {
        var reader = new NodeReader(file);
        var root = reader.LoadRoot(text);
        if (root is null) return new(null, reader.Errors);

        var id = reader.RequiredString(root, "id");
        var version = reader.RequiredString(root, "version");
        var title = reader.RequiredString(root, "title");
        var publishedOn = reader.RequiredDate(root, "publishedOn");
        var source = reader.RequiredString(root, "source");
        reader.AllowOnly(root, "id", "version", "title", "publishedOn", "source", "themes", "engagements");

        if (id is not null && !Slug.IsValid(id))
            reader.Error(root, "id", $"identifiant « {id} » invalide : lettres minuscules, chiffres et tirets uniquement");
        if (version is not null && !Slug.IsValidVersion(version))
            reader.Error(root, "version", $"version « {version} » invalide : chiffres, lettres et points uniquement (ex. 2018.1)");

        var themes = new List<Theme>();
        foreach (var node in reader.RequiredSequence(root, "themes"))
        {
            if (reader.AsMapping(node, "thème") is not { } t) continue;
            reader.AllowOnly(t, "code", "title");
            var code = reader.RequiredString(t, "code");
            var themeTitle = reader.RequiredString(t, "title");
            if (code is null || themeTitle is null) continue;
            if (themes.Any(x => x.Code == code)) reader.ErrorAt(t, $"code de thème en double : {code}");
            themes.Add(new Theme(code, themeTitle));
        }

        var engagements = new List<Engagement>();
        var codes = new HashSet<string>();
        foreach (var node in reader.RequiredSequence(root, "engagements"))
        {
            if (reader.AsMapping(node, "engagement") is not { } e) continue;
            reader.AllowOnly(e, "code", "theme", "title", "text", "indicators");
            var code = reader.RequiredString(e, "code");
            var theme = reader.RequiredString(e, "theme");
            var engagementTitle = reader.RequiredString(e, "title");
            var engagementText = reader.RequiredString(e, "text");
            if (code is not null && !codes.Add(code)) reader.Error(e, "code", $"code en double : {code}");
            if (theme is not null && themes.Count > 0 && themes.All(t => t.Code != theme))
                reader.Error(e, "theme", $"thème inconnu : {theme}");

            var indicators = new List<Indicator>();
            foreach (var indicatorNode in reader.OptionalSequence(e, "indicators"))
            {
                if (reader.AsMapping(indicatorNode, "indicateur") is not { } i) continue;
                var indicator = ReadIndicator(reader, i);
                if (indicator is null) continue;
                if (!codes.Add(indicator.Code)) reader.Error(i, "code", $"code en double : {indicator.Code}");
                indicators.Add(indicator);
            }

            if (code is not null && theme is not null && engagementTitle is not null && engagementText is not null)
                engagements.Add(new Engagement(code, theme, engagementTitle, engagementText, indicators));
        }

        if (reader.Errors.Count > 0) return new(null, reader.Errors);
        return new(new ReferentialDefinition(id!, version!, title!, publishedOn!.Value, source!, themes, engagements), []);
    }

    private static Indicator? ReadIndicator(NodeReader reader, YamlMappingNode i)
    {
        reader.AllowOnly(i, "code", "channel", "label", "unit", "threshold", "target", "minimumSamples", "period", "methods");
        var code = reader.RequiredString(i, "code");
        var channel = reader.RequiredString(i, "channel");
        var label = reader.RequiredString(i, "label");
        var unitText = reader.RequiredString(i, "unit");
        var threshold = reader.RequiredDecimal(i, "threshold");
        var target = reader.RequiredDecimal(i, "target");
        var minimum = reader.RequiredDecimal(i, "minimumSamples");
        var period = reader.RequiredString(i, "period");
        var methods = new List<string>();
        foreach (var m in reader.RequiredSequence(i, "methods"))
        {
            if (m is YamlScalarNode { Value: { } method } && MeasurementMethods.IsKnown(method))
            {
                if (methods.Contains(method)) reader.ErrorAt(m, $"méthode en double : {method}");
                else methods.Add(method);
            }
            else
                reader.ErrorAt(m, $"méthode de mesure inconnue : {(m as YamlScalarNode)?.Value}; attendu : {string.Join(", ", MeasurementMethods.Labels.Keys)}");
        }

        DelayUnit? unit = null;
        if (unitText is not null)
        {
            if (DelayUnits.ByCode.TryGetValue(unitText, out var u)) unit = u;
            else reader.Error(i, "unit", $"unité inconnue : {unitText}; attendu : minutes, seconds, working_days ou calendar_days");
        }
        if (threshold is <= 0) reader.Error(i, "threshold", $"le seuil doit être strictement positif (lu : {threshold})");
        if (target is not null && (target <= 0 || target > 1))
            reader.Error(i, "target", $"la cible doit être dans ]0 ; 1] (lue : {target.Value.ToString(CultureInfo.InvariantCulture)})");
        if (minimum is not null && (minimum < 1 || minimum != decimal.Truncate(minimum.Value)))
            reader.Error(i, "minimumSamples", $"le minimum d'échantillons doit être un entier ≥ 1 (lu : {minimum})");
        if (period is not null && period != "month")
            reader.Error(i, "period", $"période inconnue : {period}; seule « month » est prise en charge");
        if (methods.Count == 0 && reader.Has(i, "methods"))
            reader.Error(i, "methods", "au moins une méthode de mesure est requise");

        if (code is null || channel is null || label is null || unit is null || threshold is null || target is null || minimum is null || period is null)
            return null;
        return new Indicator(code, channel, label, unit.Value, threshold.Value, (double)target.Value, (int)minimum.Value, period, methods);
    }
}

/// <summary>Identifier rules shared by referentials and sites.</summary>
public static class Slug
{
    public static bool IsValid(string value)
        => value.Length is > 0 and <= 80 && value.All(c => c is (>= 'a' and <= 'z') or (>= '0' and <= '9') or '-')
           && value[0] != '-' && value[^1] != '-';

    public static bool IsValidVersion(string value)
        => value.Length is > 0 and <= 40 && value.All(c => char.IsAsciiLetterOrDigit(c) || c is '.' or '-');
}

/// <summary>Reads typed values from YAML nodes, collecting French errors with the node's line.</summary>
internal sealed class NodeReader(string file)
{
    public List<YamlError> Errors { get; } = [];

    public YamlMappingNode? LoadRoot(string text)
    {
        var parser = new Parser(new StringReader(text));
        try
        {
            var stream = new YamlStream();
            stream.Load(parser);
            if (stream.Documents.Count == 0 || stream.Documents[0].RootNode is not YamlMappingNode root)
            {
                Errors.Add(new YamlError(file, 1, "le document doit être une table YAML (clé: valeur)"));
                return null;
            }
            CheckDuplicateKeys(root);
            return root;
        }
        catch (YamlException ex)
        {
            var message = ex.InnerException?.Message ?? ex.Message;
            Errors.Add(new YamlError(file, (int)ex.Start.Line, $"syntaxe YAML invalide : {message}"));
            return null;
        }
        catch (InvalidOperationException)
        {
            // Some malformed inputs make the scanner fail without a position: report where parsing stopped.
            var line = (int)(parser.Current?.End.Line ?? 1);
            Errors.Add(new YamlError(file, line, "syntaxe YAML invalide : structure inattendue (crochet, accolade ou guillemet non fermé ?)"));
            return null;
        }
    }

    private void CheckDuplicateKeys(YamlNode node)
    {
        switch (node)
        {
            case YamlMappingNode map:
                var keys = new HashSet<string>();
                foreach (var (key, value) in map.Children)
                {
                    if (key is YamlScalarNode { Value: { } k } && !keys.Add(k)) ErrorAt(key, $"clé en double : {k}");
                    CheckDuplicateKeys(value);
                }
                break;
            case YamlSequenceNode seq:
                foreach (var child in seq.Children) CheckDuplicateKeys(child);
                break;
        }
    }

    public void ErrorAt(YamlNode node, string message) => Errors.Add(new YamlError(file, (int)node.Start.Line, message));

    public void Error(YamlMappingNode map, string key, string message)
        => ErrorAt(Value(map, key) ?? map, message);

    public bool Has(YamlMappingNode map, string key) => Value(map, key) is not null;

    private static YamlNode? Value(YamlMappingNode map, string key)
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
}
