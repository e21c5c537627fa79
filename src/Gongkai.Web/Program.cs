using Gongkai.Web.Infrastructure;

var builder = WebApplication.CreateBuilder(args);
builder.AddGongkai();

var app = builder.Build();
await app.PrepareDatabaseAsync();
app.UseGongkai();
await app.RunAsync();

/// <summary>Entry point, visible to the integration tests' WebApplicationFactory.</summary>
public partial class Program;
