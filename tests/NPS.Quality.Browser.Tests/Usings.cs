global using Microsoft.Playwright;
global using Shouldly;
