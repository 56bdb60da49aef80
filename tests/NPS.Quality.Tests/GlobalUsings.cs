global using NPS.Quality.Shared;
