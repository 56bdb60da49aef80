// The shared floor every feature stands on (Shared/): outcomes, problems, Paris time, wire names, slugs.
global using NPS.Quality.Shared;
