// Corpus look-alike of cashtony/WxPlatformAuthorize:WxPlatformAuthorize.WebAPI/Models/ErrorResponse.cs: the SQLite pattern kept, names and bodies rewritten, nothing copied.
namespace WxPlatformAuthorize.WebAPI.Models
{
    public class ErrorResponse : BaseResponse
    {
        public string? Detail { get; set; }
    }
}
