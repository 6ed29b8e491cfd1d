// Corpus stubs: the ASP.NET Core type this web API takes from its framework.
namespace Microsoft.AspNetCore.Mvc { public abstract class ControllerBase { } }
