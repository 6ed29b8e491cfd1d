// Corpus stubs: the generic host's hosted-service type this worker service takes from Microsoft.Extensions.Hosting.
namespace Microsoft.Extensions.Hosting { public interface IHostedService { } }
