using System.Collections.Concurrent;
using System.Reflection;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace NPS.Quality.Shared;

/// <summary>
/// The name an enum member has on the wire (JSON answers, stored events, query strings): its
/// <see cref="JsonStringEnumMemberNameAttribute"/>, else its name in snake_case, as <c>JsonDefaults</c> writes it.
/// Commands read codes as strings and parse them here, so that an unknown code is a French field error, not a JSON failure.
/// </summary>
public static class WireNames
{
    private static readonly ConcurrentDictionary<Type, (Dictionary<Enum, string> ToWire, Dictionary<string, Enum> FromWire)> Maps = new();

    private static (Dictionary<Enum, string> ToWire, Dictionary<string, Enum> FromWire) MapOf(Type type) => Maps.GetOrAdd(type, t =>
    {
        var toWire = new Dictionary<Enum, string>();
        var fromWire = new Dictionary<string, Enum>(StringComparer.Ordinal);
        foreach (var field in t.GetFields(BindingFlags.Public | BindingFlags.Static))
        {
            var value = (Enum)field.GetValue(null)!;
            var wire = field.GetCustomAttribute<JsonStringEnumMemberNameAttribute>()?.Name ?? JsonNamingPolicy.SnakeCaseLower.ConvertName(field.Name);
            toWire[value] = wire;
            fromWire[wire] = value;
        }
        return (toWire, fromWire);
    });

    public static string Wire<T>(this T value) where T : struct, Enum => MapOf(typeof(T)).ToWire[value];

    public static bool TryParse<T>(string? wire, out T value) where T : struct, Enum
    {
        if (wire is not null && MapOf(typeof(T)).FromWire.TryGetValue(wire.Trim(), out var found))
        {
            value = (T)found;
            return true;
        }
        value = default;
        return false;
    }

    public static T? Parse<T>(string? wire) where T : struct, Enum => TryParse<T>(wire, out var v) ? v : null;

    /// <summary>"a, b ou c": the accepted codes, for a French error message.</summary>
    public static string Choices<T>() where T : struct, Enum
    {
        var names = MapOf(typeof(T)).ToWire.Values.ToList();
        return names.Count == 1 ? names[0] : string.Join(", ", names.Take(names.Count - 1)) + " ou " + names[^1];
    }
}
