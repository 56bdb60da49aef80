using System.Collections.Concurrent;
using Marten;

namespace NPS.Quality.Referentials;

/// <summary>
/// Published versions never change, so each is read from the store once and then served from memory:
/// every sample validation and compliance answer needs one.
/// </summary>
public sealed class ReferentialCatalog
{
    private readonly ConcurrentDictionary<string, ReferentialDefinition> _byKey = new();

    public async Task<ReferentialDefinition?> FindAsync(IQuerySession session, string id, string version, CancellationToken ct)
    {
        var key = PublishedReferential.StreamKey(id, version);
        if (_byKey.TryGetValue(key, out var cached)) return cached;
        var published = await session.LoadAsync<PublishedReferential>(key, ct);
        if (published is null) return null;
        return _byKey.GetOrAdd(key, published.Definition);
    }

    public async Task<ReferentialMapping?> MappingAsync(IQuerySession session, string id, string from, string to, CancellationToken ct)
    {
        var stored = await session.LoadAsync<ReferentialMappingDocument>(ReferentialMapping.Key(id, from, to), ct);
        if (stored is not null) return stored.Mapping;
        var a = await FindAsync(session, id, from, ct);
        var b = await FindAsync(session, id, to, ct);
        return a is null || b is null ? null : ReferentialMapping.ByCode(a, b);
    }

    /// <summary>Only for a wiped store (tests): versions are otherwise immutable.</summary>
    public void Clear() => _byKey.Clear();
}
