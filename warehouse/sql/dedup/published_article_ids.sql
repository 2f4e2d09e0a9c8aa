-- Every published article id, in order.
select article_id from main.articles order by article_id;
