namespace NPS.Quality.Shared;

/// <summary>Identifier rules shared by referentials and sites.</summary>
public static class Slug
{
    public static bool IsValid(string value)
        => value.Length is > 0 and <= 80 && value.All(c => c is (>= 'a' and <= 'z') or (>= '0' and <= '9') or '-')
           && value[0] != '-' && value[^1] != '-';

    public static bool IsValidVersion(string value)
        => value.Length is > 0 and <= 40 && value.All(c => char.IsAsciiLetterOrDigit(c) || c is '.' or '-');
}
