// Corpus stubs: the ASP.NET Core types this minimal web API takes from its framework.
namespace Microsoft.AspNetCore.Http { public abstract class HttpContext { } }
