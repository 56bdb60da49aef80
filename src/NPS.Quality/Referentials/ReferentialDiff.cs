using System.Globalization;

namespace NPS.Quality.Referentials;

public sealed record DiffItem(string Kind, string Code, string Title);

public sealed record FieldChange(string Field, string? From, string? To);

public sealed record ChangedItem(string Kind, string Code, string? PreviousCode, IReadOnlyList<FieldChange> Changes);

public sealed record ReferentialDiffResult(
    string Referential,
    string From,
    string To,
    IReadOnlyList<DiffItem> Added,
    IReadOnlyList<DiffItem> Removed,
    IReadOnlyList<ChangedItem> Changed);

/// <summary>What changed between two versions, field by field, following the mapping for renamed codes.</summary>
public static class ReferentialDiff
{
    public static ReferentialDiffResult Compute(ReferentialDefinition from, ReferentialDefinition to, ReferentialMapping mapping)
    {
        var added = new List<DiffItem>();
        var removed = new List<DiffItem>();
        var changed = new List<ChangedItem>();
        var reverse = mapping.CarriedOver.ToDictionary(p => p.Value, p => p.Key);

        foreach (var e in to.Engagements)
        {
            var old = reverse.TryGetValue(e.Code, out var oldCode) ? from.FindEngagement(oldCode) : null;
            if (old is null) added.Add(new DiffItem("engagement", e.Code, e.Title));
            else Compare("engagement", old.Code, e.Code, changed,
                ("theme", old.Theme, e.Theme), ("title", old.Title, e.Title), ("text", old.Text, e.Text));

            foreach (var i in e.Indicators)
            {
                var oldIndicator = reverse.TryGetValue(i.Code, out var oldI) ? from.FindIndicator(oldI) : null;
                if (oldIndicator is null) added.Add(new DiffItem("indicator", i.Code, i.Label));
                else Compare("indicator", oldIndicator.Code, i.Code, changed, IndicatorFields(oldIndicator, i));
            }
        }

        foreach (var e in from.Engagements)
        {
            if (!mapping.CarriedOver.TryGetValue(e.Code, out var c) || to.FindEngagement(c) is null)
                removed.Add(new DiffItem("engagement", e.Code, e.Title));
            foreach (var i in e.Indicators)
                if (!mapping.CarriedOver.TryGetValue(i.Code, out var ci) || to.FindIndicator(ci) is null)
                    removed.Add(new DiffItem("indicator", i.Code, i.Label));
        }

        return new ReferentialDiffResult(from.Id, from.Version, to.Version, added, removed, changed);
    }

    private static (string, string?, string?)[] IndicatorFields(Indicator a, Indicator b) =>
    [
        ("channel", a.Channel, b.Channel),
        ("label", a.Label, b.Label),
        ("unit", a.Unit.Code(), b.Unit.Code()),
        ("threshold", a.Threshold.ToString(CultureInfo.InvariantCulture), b.Threshold.ToString(CultureInfo.InvariantCulture)),
        ("target", a.Target.ToString(CultureInfo.InvariantCulture), b.Target.ToString(CultureInfo.InvariantCulture)),
        ("minimumSamples", a.MinimumSamples.ToString(CultureInfo.InvariantCulture), b.MinimumSamples.ToString(CultureInfo.InvariantCulture)),
        ("period", a.Period, b.Period),
        ("methods", string.Join(", ", a.Methods), string.Join(", ", b.Methods)),
    ];

    private static void Compare(string kind, string oldCode, string code, List<ChangedItem> changed, params (string Field, string? From, string? To)[] fields)
    {
        var changes = fields.Where(f => f.From != f.To).Select(f => new FieldChange(f.Field, f.From, f.To)).ToList();
        if (oldCode != code) changes.Insert(0, new FieldChange("code", oldCode, code));
        if (changes.Count > 0) changed.Add(new ChangedItem(kind, code, oldCode == code ? null : oldCode, changes));
    }
}
