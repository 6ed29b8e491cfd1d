// Corpus look-alike of cw7 mvc repo:Controllers/MoviesController.cs (pattern only): the SQLite pattern kept, names and bodies rewritten, nothing copied.
using Microsoft.AspNetCore.Mvc;
using MoviesMvc.Models;

namespace MoviesMvc.Controllers;

public class MoviesController : Controller
{
    private readonly IMoviesRepo _repo;

    public MoviesController(IMoviesRepo repo) => _repo = repo;

    public object Index() => _repo.GetAll();

    public object Search(string q) => _repo.Search(q);

    public void Remove(int id) => _repo.Delete(id);
}
