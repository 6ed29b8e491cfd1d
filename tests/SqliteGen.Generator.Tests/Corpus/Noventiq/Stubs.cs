// Corpus stubs: the ASP.NET Core type this web app takes from its framework.
namespace Microsoft.AspNetCore.Builder { public sealed class WebApplication { } }
