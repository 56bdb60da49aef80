using System.Globalization;
using NPS.Quality.Shared;
using YamlDotNet.RepresentationModel;

namespace NPS.Quality.Referentials;

/// <summary>
/// Reads a referential version from YAML through the shared <see cref="YamlReader"/> (bounded, French, located),
/// walking the node tree so that every error carries its line and column, and collecting all of them: a file is
/// loaded whole or not at all.
/// </summary>
public static class ReferentialYaml
{
    public static ParseResult<ReferentialDefinition> Parse(string file, string text)
    {
        var reader = new YamlReader(file);
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

    private static Indicator? ReadIndicator(YamlReader reader, YamlMappingNode i)
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

